"""Chinese labels of the archive's codes, used by responses, imports and exports alike."""

from __future__ import annotations

UNIT_TYPE_LABELS = {"production": "生产", "wholesale": "批发", "retail": "零售"}
STATUS_LABELS = {
    "normal": "正常", "suspended": "停产停业", "deregistered": "注销", "revoked": "吊销",
    "moved_out": "迁出", "lost_contact": "失联", "other": "其他",
}
SCOPE_LABELS = {"licence": "生产许可", "ccc": "强制性产品认证（CCC）", "mandatory_standard": "强制性国家标准产品"}
PERSON_ROLE_LABELS = {"director": "质量安全总监", "officer": "质量安全员"}
ARCHIVE_STATUS_LABELS = {"pending": "待建档", "archived": "已建档"}

FIRST_BATCH_TAGS = [
    ("licence_holder", "生产许可获证企业"),
    ("ccc_producer", "CCC获证生产企业"),
    ("refined_oil", "成品油"),
    ("gas_appliance", "燃气具"),
    ("e_bike", "电动自行车"),
    ("fire_product", "消防产品"),
    ("fireworks", "烟花爆竹"),
]


def reverse(labels: dict[str, str]) -> dict[str, str]:
    return {v: k for k, v in labels.items()}
