"""search vector carries the unit's place: bigrams of name and code, plus '@<code>' per org-path part

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

A search then asks GIN for "these bigrams AND @540102", so candidates outside the caller's
jurisdiction never reach the heap (docs/decisions/0007-search-and-counts.md).
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEARCH_VECTOR = r"""
CREATE FUNCTION qsrp_search_vector(name text, code text, path text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT qsrp_bigrams(coalesce(name, '') || ' ' || coalesce(code, ''))
      || array_to_tsvector(ARRAY(SELECT '@' || p FROM unnest(string_to_array(coalesce(path, ''), '/')) AS p
                                 WHERE p <> ''))
$$
"""


def upgrade() -> None:
    op.execute(SEARCH_VECTOR)
    op.execute("ALTER TABLE enterprise DROP COLUMN search_vector")
    op.execute("ALTER TABLE enterprise ADD COLUMN search_vector tsvector NOT NULL "
               "GENERATED ALWAYS AS (qsrp_search_vector(name, credit_code, org_path)) STORED")
    op.execute("CREATE INDEX ix_enterprise_search ON enterprise USING gin (search_vector)")


def downgrade() -> None:
    op.execute("ALTER TABLE enterprise DROP COLUMN search_vector")
    op.execute("ALTER TABLE enterprise ADD COLUMN search_vector tsvector NOT NULL "
               "GENERATED ALWAYS AS (qsrp_bigrams(name || ' ' || credit_code)) STORED")
    op.execute("CREATE INDEX ix_enterprise_search ON enterprise USING gin (search_vector)")
    op.execute("DROP FUNCTION qsrp_search_vector(text, text, text)")
