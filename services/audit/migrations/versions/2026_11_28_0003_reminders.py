"""reminders: the servicekit reminder table (F9)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from servicekit.schema import create_kit_tables_v2, drop_kit_tables_v2

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables_v2()


def downgrade() -> None:
    drop_kit_tables_v2()
