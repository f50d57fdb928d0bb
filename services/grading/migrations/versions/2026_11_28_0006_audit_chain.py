"""audit chain: the audit trail becomes a hash chain (seal columns and guard on audit_log)

Existing rows stay unsealed until the service's sealer seals them, in id order, after start
(docs/decisions/0014-tamper-evident-audit-log.md).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from servicekit.schema import create_kit_tables_v4, drop_kit_tables_v4

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables_v4()


def downgrade() -> None:
    drop_kit_tables_v4()
