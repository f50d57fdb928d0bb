"""audit chain: seal columns and guard on audit_log

Revision ID: 0002
Revises: 0001
"""

from servicekit.schema import create_kit_tables_v4, drop_kit_tables_v4

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables_v4()


def downgrade() -> None:
    drop_kit_tables_v4()
