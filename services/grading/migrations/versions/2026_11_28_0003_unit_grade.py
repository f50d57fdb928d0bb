"""unit_grade: what grading computes moves out of `unit` into a narrow table of its own, and the
basis texts are no longer stored (the rule set and the inputs determine them; rendered on read)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COMPUTED = ["computed_grade", "grade", "rule_set_code", "missing", "needs_completion", "statistical_size",
            "statistical_rule_set", "large_or_medium", "large_or_medium_rule_set", "base_level", "level",
            "supervising_org_code", "auto_escalation", "escalated", "listed", "computed_category", "category",
            "graded_at"]
DROPPED_TEXTS = ["basis", "statistical_basis", "category_basis", "supervising_org_path"]
FUNCTIONS_0002 = [
    """CREATE FUNCTION qsrp_fmt(v numeric) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT trim_scale(v)::text $$""",
    """CREATE FUNCTION qsrp_tier(v numeric, a numeric, b numeric, c numeric) RETURNS int
       LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT CASE WHEN v IS NULL THEN NULL WHEN v >= a THEN 0 WHEN v >= b THEN 1 WHEN v >= c THEN 2 ELSE 3 END $$""",
    """CREATE FUNCTION qsrp_range(ix int, a numeric, b numeric, c numeric, var text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT CASE ix WHEN 0 THEN var || '≥' || qsrp_fmt(a)
                            WHEN 1 THEN qsrp_fmt(b) || '≤' || var || '<' || qsrp_fmt(a)
                            WHEN 2 THEN qsrp_fmt(c) || '≤' || var || '<' || qsrp_fmt(b)
                            ELSE var || '<' || qsrp_fmt(c) END $$""",
]
HISTORY_INPUTS = [("unit_types", postgresql.ARRAY(sa.String(length=16))), ("employees", sa.Integer()),
                  ("revenue_wan", sa.Numeric(14, 2)), ("major_risks", sa.SmallInteger()),
                  ("larger_risks", sa.SmallInteger()), ("accident", sa.Boolean()),
                  ("credit_risk_class", sa.String(length=8))]


def upgrade() -> None:
    op.create_table(
        "unit_grade",
        sa.Column("enterprise_id", sa.UUID(), nullable=False),
        sa.Column("computed_grade", sa.String(length=1), nullable=True),
        sa.Column("grade", sa.String(length=1), nullable=True),
        sa.Column("rule_set_code", sa.String(length=80), nullable=False),
        sa.Column("missing", sa.String(length=12), nullable=True),
        sa.Column("needs_completion", sa.Boolean(), nullable=False),
        sa.Column("statistical_size", sa.String(length=8), nullable=True),
        sa.Column("statistical_rule_set", sa.String(length=80), nullable=False),
        sa.Column("large_or_medium", sa.Boolean(), nullable=False),
        sa.Column("large_or_medium_rule_set", sa.String(length=80), nullable=False),
        sa.Column("base_level", sa.String(length=12), nullable=True),
        sa.Column("level", sa.String(length=12), nullable=True),
        sa.Column("supervising_org_code", sa.String(length=20), nullable=False),
        sa.Column("auto_escalation", sa.Boolean(), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("listed", sa.Boolean(), nullable=False),
        sa.Column("computed_category", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("graded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("enterprise_id", name=op.f("pk_unit_grade")),
    )
    selected = ", ".join("coalesce(graded_at, now())" if c == "graded_at" else
                         "coalesce(large_or_medium, false)" if c == "large_or_medium" else c for c in COMPUTED)
    op.execute(f"""
        INSERT INTO unit_grade (enterprise_id, {", ".join(COMPUTED)})
        SELECT enterprise_id, {selected}
        FROM unit WHERE rule_set_code IS NOT NULL AND supervising_org_code IS NOT NULL
    """)
    op.create_index("ix_unit_grade_supervising", "unit_grade", ["supervising_org_code", "grade"])
    op.create_index("ix_unit_grade_category", "unit_grade", ["category"], postgresql_where=sa.text("category <> 'routine'"))
    op.create_index("ix_unit_grade_needs_completion", "unit_grade", ["enterprise_id"],
                    postgresql_where=sa.text("needs_completion"))
    op.drop_index("ix_unit_supervising", table_name="unit")
    op.drop_index("ix_unit_category", table_name="unit")
    op.drop_index("ix_unit_needs_completion", table_name="unit")
    for column in COMPUTED + DROPPED_TEXTS:
        op.drop_column("unit", column)
    # history keeps its inputs as columns (a jsonb object repeats its keys in every row)
    for name, type_ in HISTORY_INPUTS:
        op.add_column("grade_history", sa.Column(name, type_, nullable=True))
    op.execute("""
        UPDATE grade_history SET
          unit_types = ARRAY(SELECT jsonb_array_elements_text(inputs -> 'unit_types'))::varchar(16)[],
          employees = (inputs ->> 'employees')::int, revenue_wan = (inputs ->> 'revenue_wan')::numeric(14, 2)
        WHERE inputs IS NOT NULL
    """)
    for column in ("basis", "category_basis", "inputs"):
        op.drop_column("grade_history", column)
    # the recompute writes the bounds into its statement now; 0002's helper functions are unused
    for fn in ("qsrp_range(int, numeric, numeric, numeric, text)", "qsrp_tier(numeric, numeric, numeric, numeric)",
               "qsrp_fmt(numeric)"):
        op.execute(f"DROP FUNCTION IF EXISTS {fn}")


def downgrade() -> None:
    for fn in FUNCTIONS_0002:
        op.execute(fn)
    for column in ("basis", "category_basis"):
        op.add_column("grade_history", sa.Column(column, sa.Text(), nullable=True))
    op.add_column("grade_history", sa.Column("inputs", postgresql.JSONB(), nullable=True))
    op.execute("""UPDATE grade_history SET inputs = jsonb_build_object('unit_types', to_jsonb(unit_types),
                  'employees', employees, 'revenue_wan', revenue_wan::text)""")
    for name, _ in HISTORY_INPUTS:
        op.drop_column("grade_history", name)
    types = {"needs_completion": sa.Boolean(), "large_or_medium": sa.Boolean(), "auto_escalation": sa.Boolean(),
             "escalated": sa.Boolean(), "listed": sa.Boolean(), "graded_at": sa.DateTime(timezone=True)}
    for column in COMPUTED:
        op.add_column("unit", sa.Column(column, types.get(column, sa.String(length=80)), nullable=True))
    for column in DROPPED_TEXTS:
        op.add_column("unit", sa.Column(column, sa.Text(), nullable=True))
    op.execute(f"""UPDATE unit u SET {", ".join(f"{c} = g.{c}" for c in COMPUTED)}
                   FROM unit_grade g WHERE g.enterprise_id = u.enterprise_id""")
    op.execute("UPDATE unit SET needs_completion = coalesce(needs_completion, false), "
               "auto_escalation = coalesce(auto_escalation, false), escalated = coalesce(escalated, false), "
               "listed = coalesce(listed, false), computed_category = coalesce(computed_category, 'routine'), "
               "category = coalesce(category, 'routine')")
    for column in ("needs_completion", "auto_escalation", "escalated", "listed", "computed_category", "category"):
        op.alter_column("unit", column, nullable=False)
    op.create_index("ix_unit_supervising", "unit", ["supervising_org_code", "grade"])
    op.create_index("ix_unit_category", "unit", ["category"], postgresql_where=sa.text("category <> 'routine'"))
    op.create_index("ix_unit_needs_completion", "unit", ["org_path"], postgresql_where=sa.text("needs_completion AND active"),
                    postgresql_ops={"org_path": "text_pattern_ops"})
    op.drop_table("unit_grade")
