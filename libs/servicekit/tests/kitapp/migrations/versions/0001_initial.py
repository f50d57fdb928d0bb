"""kit tables and widgets

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from servicekit.schema import create_kit_tables_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_kit_tables_v1()
    op.create_table(
        "widget",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("org_path", sa.Text(), nullable=False),
    )
    op.create_table(
        "handled",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    pass
