"""archive: enterprises, products, tags, personnel, responsible persons, calendar, imports, filings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:16:21.443501
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


# Chinese name search without extensions: character bigrams as tsvector lexemes ('simple'
# semantics, no stemming), queried with every bigram of the search text ANDed. See
# docs/decisions/0007-name-search.md.
BIGRAMS = r"""
CREATE FUNCTION qsrp_bigrams(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT array_to_tsvector(ARRAY(
    SELECT DISTINCT substr(s, i, 2)
    FROM (SELECT lower(regexp_replace(t, '[[:space:]]+', '', 'g')) AS s) x,
         generate_series(1, greatest(length(s) - 1, 1)) AS i
    WHERE length(s) > 0
  ))
$$
"""
BIGRAM_QUERY = r"""
CREATE FUNCTION qsrp_bigram_query(q text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT CASE WHEN length(s) < 2 THEN NULL ELSE
    array_to_string(ARRAY(
      SELECT DISTINCT chr(39) || substr(s, i, 2) || chr(39)
      FROM generate_series(1, length(s) - 1) AS i
    ), ' & ')::tsquery END
  FROM (SELECT lower(regexp_replace(q, '[[:space:]''\\]+', '', 'g')) AS s) x
$$
"""


def upgrade() -> None:
    op.execute(BIGRAMS)
    op.execute(BIGRAM_QUERY)
    op.create_table('category_tag',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('first_batch', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_category_tag')),
    sa.UniqueConstraint('name', name=op.f('uq_category_tag_name'))
    )
    op.create_table('enterprise',
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('credit_code_check_ok', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit_types', postgresql.ARRAY(sa.String(length=16)), nullable=False),
    sa.Column('is_individual', sa.Boolean(), nullable=False),
    sa.Column('registered_address', sa.String(length=300), nullable=True),
    sa.Column('operating_address', sa.String(length=300), nullable=True),
    sa.Column('division_code', sa.String(length=6), nullable=False),
    sa.Column('station_code', sa.String(length=20), nullable=True),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('principal_name', sa.String(length=60), nullable=True),
    sa.Column('contact_name', sa.String(length=60), nullable=True),
    sa.Column('contact_phone_enc', sa.LargeBinary(), nullable=True),
    sa.Column('contact_phone_masked', sa.String(length=20), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('revenue_wan', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('size_year', sa.Integer(), nullable=True),
    sa.Column('key_tags', postgresql.ARRAY(sa.String(length=40)), nullable=False),
    sa.Column('entry_reason', sa.Text(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('archive_status', sa.String(length=16), nullable=False),
    sa.Column('archived_on', sa.Date(), nullable=True),
    sa.Column('archive_deadline', sa.Date(), nullable=True),
    sa.Column('archive_deadline_fallback', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_note', sa.Text(), nullable=True),
    sa.Column('status_changed_on', sa.Date(), nullable=True),
    sa.Column('grade', sa.String(length=1), nullable=True),
    sa.Column('director_required', sa.Boolean(), nullable=False),
    sa.Column('director_count', sa.Integer(), nullable=False),
    sa.Column('officer_count', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.Column('search_vector', postgresql.TSVECTOR(), sa.Computed("qsrp_bigrams(name || ' ' || credit_code)", persisted=True), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_enterprise_credit_code'))
    )
    op.create_index('ix_enterprise_archive_due', 'enterprise', ['archive_deadline'], unique=False, postgresql_where=sa.text("archive_status = 'pending'"))
    op.create_index('ix_enterprise_credit_code_prefix', 'enterprise', ['credit_code'], unique=False, postgresql_ops={'credit_code': 'text_pattern_ops'})
    op.create_index('ix_enterprise_division_status', 'enterprise', ['division_code', 'status'], unique=False)
    op.create_index('ix_enterprise_key_tags', 'enterprise', ['key_tags'], unique=False, postgresql_using='gin')
    op.create_index('ix_enterprise_org_path', 'enterprise', ['org_path'], unique=False, postgresql_ops={'org_path': 'text_pattern_ops'})
    op.create_index('ix_enterprise_search', 'enterprise', ['search_vector'], unique=False, postgresql_using='gin')
    op.create_table('filing',
    sa.Column('prefecture_code', sa.String(length=20), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('period', sa.String(length=20), nullable=False),
    sa.Column('submitted_by', sa.String(length=120), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('enterprise_count', sa.Integer(), nullable=False),
    sa.Column('director_count', sa.Integer(), nullable=False),
    sa.Column('officer_count', sa.Integer(), nullable=False),
    sa.Column('snapshot', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reviewed_by', sa.String(length=120), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_filing'))
    )
    op.create_index(op.f('ix_filing_prefecture_code'), 'filing', ['prefecture_code'], unique=False)
    op.create_table('import_job',
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_by_name', sa.String(length=120), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('processed_rows', sa.Integer(), nullable=False),
    sa.Column('created_count', sa.Integer(), nullable=False),
    sa.Column('updated_count', sa.Integer(), nullable=False),
    sa.Column('unchanged_count', sa.Integer(), nullable=False),
    sa.Column('rejected_count', sa.Integer(), nullable=False),
    sa.Column('warning_count', sa.Integer(), nullable=False),
    sa.Column('errors', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=60), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_job'))
    )
    op.create_index('ix_import_job_org_path', 'import_job', ['org_path'], unique=False, postgresql_ops={'org_path': 'text_pattern_ops'})
    op.create_table('work_calendar_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_workday', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_work_calendar_day'))
    )
    op.create_table('work_calendar_year',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_work_calendar_year'))
    )
    op.create_table('enterprise_product',
    sa.Column('enterprise_id', sa.UUID(), nullable=False),
    sa.Column('category', sa.String(length=80), nullable=False),
    sa.Column('scope', sa.String(length=24), nullable=False),
    sa.Column('licence_no', sa.String(length=60), nullable=True),
    sa.Column('certificate_no', sa.String(length=60), nullable=True),
    sa.Column('standard_no', sa.String(length=60), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_enterprise_product_enterprise_id_enterprise'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise_product'))
    )
    op.create_index(op.f('ix_enterprise_product_enterprise_id'), 'enterprise_product', ['enterprise_id'], unique=False)
    op.create_table('personnel',
    sa.Column('enterprise_id', sa.UUID(), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('id_number_enc', sa.LargeBinary(), nullable=True),
    sa.Column('id_number_hash', sa.String(length=64), nullable=True),
    sa.Column('id_number_masked', sa.String(length=24), nullable=True),
    sa.Column('phone_enc', sa.LargeBinary(), nullable=True),
    sa.Column('phone_masked', sa.String(length=20), nullable=True),
    sa.Column('appointed_on', sa.Date(), nullable=True),
    sa.Column('appointment_doc', sa.String(length=200), nullable=True),
    sa.Column('full_time', sa.Boolean(), nullable=False),
    sa.Column('training', sa.Text(), nullable=True),
    sa.Column('assessment_result', sa.String(length=16), nullable=True),
    sa.Column('assessment_score', sa.Integer(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_personnel_enterprise_id_enterprise')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personnel'))
    )
    op.create_index(op.f('ix_personnel_enterprise_id'), 'personnel', ['enterprise_id'], unique=False)
    op.create_index('ix_personnel_id_hash', 'personnel', ['id_number_hash'], unique=False)
    op.create_index('ix_personnel_org_path', 'personnel', ['org_path'], unique=False, postgresql_ops={'org_path': 'text_pattern_ops'})
    op.create_table('responsible_person',
    sa.Column('enterprise_id', sa.UUID(), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('person_name', sa.String(length=60), nullable=False),
    sa.Column('person_user_id', sa.String(length=40), nullable=True),
    sa.Column('org_unit_code', sa.String(length=20), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('recorded_late', sa.Boolean(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_responsible_person_enterprise_id_enterprise')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responsible_person'))
    )
    op.create_index(op.f('ix_responsible_person_enterprise_id'), 'responsible_person', ['enterprise_id'], unique=False)
    op.create_index('ix_responsible_person_org_path', 'responsible_person', ['org_path'], unique=False, postgresql_ops={'org_path': 'text_pattern_ops'})


def downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS qsrp_bigram_query(text)")
    op.drop_index('ix_responsible_person_org_path', table_name='responsible_person', postgresql_ops={'org_path': 'text_pattern_ops'})
    op.drop_index(op.f('ix_responsible_person_enterprise_id'), table_name='responsible_person')
    op.drop_table('responsible_person')
    op.drop_index('ix_personnel_org_path', table_name='personnel', postgresql_ops={'org_path': 'text_pattern_ops'})
    op.drop_index('ix_personnel_id_hash', table_name='personnel')
    op.drop_index(op.f('ix_personnel_enterprise_id'), table_name='personnel')
    op.drop_table('personnel')
    op.drop_index(op.f('ix_enterprise_product_enterprise_id'), table_name='enterprise_product')
    op.drop_table('enterprise_product')
    op.drop_table('work_calendar_year')
    op.drop_table('work_calendar_day')
    op.drop_index('ix_import_job_org_path', table_name='import_job', postgresql_ops={'org_path': 'text_pattern_ops'})
    op.drop_table('import_job')
    op.drop_index(op.f('ix_filing_prefecture_code'), table_name='filing')
    op.drop_table('filing')
    op.drop_index('ix_enterprise_search', table_name='enterprise', postgresql_using='gin')
    op.drop_index('ix_enterprise_org_path', table_name='enterprise', postgresql_ops={'org_path': 'text_pattern_ops'})
    op.drop_index('ix_enterprise_key_tags', table_name='enterprise', postgresql_using='gin')
    op.drop_index('ix_enterprise_division_status', table_name='enterprise')
    op.drop_index('ix_enterprise_credit_code_prefix', table_name='enterprise', postgresql_ops={'credit_code': 'text_pattern_ops'})
    op.drop_index('ix_enterprise_archive_due', table_name='enterprise', postgresql_where=sa.text("archive_status = 'pending'"))
    op.drop_table('enterprise')
    op.drop_table('category_tag')
    op.execute("DROP FUNCTION IF EXISTS qsrp_bigrams(text)")
