"""search vector: name the schema of qsrp_bigrams inside qsrp_search_vector

A dump restores with an empty search_path, and the enterprise table's generated column calls
qsrp_search_vector, which called qsrp_bigrams unqualified: pg_restore could not recreate the
table (tools/backup.py restore). Same result, so no row changes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BODY = r"""
CREATE OR REPLACE FUNCTION qsrp_search_vector(name text, code text, path text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT {schema}qsrp_bigrams(coalesce(name, '') || ' ' || coalesce(code, ''))
      || array_to_tsvector(ARRAY(SELECT '@' || p FROM unnest(string_to_array(coalesce(path, ''), '/')) AS p
                                 WHERE p <> ''))
$$
"""


def upgrade() -> None:
    op.execute(BODY.replace("{schema}", "public."))


def downgrade() -> None:
    op.execute(BODY.replace("{schema}", ""))
