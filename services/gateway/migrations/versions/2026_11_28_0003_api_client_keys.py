"""api client keys: scoped keys the national platform exchanges for tokens

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_client_key',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('key_id', sa.String(length=40), nullable=False),
    sa.Column('secret_hash', sa.String(length=200), nullable=False),
    sa.Column('scopes', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('org_unit_id', sa.UUID(), nullable=False),
    sa.Column('org_unit_code', sa.String(length=20), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.String(length=120), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_api_client_key_org_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_client_key')),
    sa.UniqueConstraint('key_id', name=op.f('uq_api_client_key_key_id'))
    )


def downgrade() -> None:
    op.drop_table('api_client_key')
