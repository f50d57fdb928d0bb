"""dashboard: the servicekit dash_stat and dash_refresh tables (F6)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from servicekit.schema import create_kit_tables_v3, drop_kit_tables_v3

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables_v3()


def downgrade() -> None:
    drop_kit_tables_v3()
