"""Migration steps for the tables servicekit owns in every service database.

Each step is versioned and never edited once released: a later change adds a new step that a
service's new migration calls. Services call these from their own Alembic revisions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg


def create_kit_tables_v1() -> None:
    """audit_log, outbox_event, outbox_delivery, processed_event (release 1)."""
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("actor_subject", sa.String(120), nullable=False),
        sa.Column("actor_username", sa.String(120), nullable=False),
        sa.Column("actor_org_path", sa.Text()),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity_type", sa.String(60), nullable=False),
        sa.Column("entity_id", sa.String(80), nullable=False),
        sa.Column("org_path", sa.Text()),
        sa.Column("before", pg.JSONB()),
        sa.Column("after", pg.JSONB()),
        sa.Column("changed_fields", pg.ARRAY(sa.String(80)), nullable=False, server_default="{}"),
        sa.Column("reason", sa.Text()),
        sa.Column("request_id", sa.String(64)),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_entity", "audit_log", ["entity_type", "entity_id"])
    op.create_index(
        "ix_audit_log_org_path", "audit_log", ["org_path"], postgresql_ops={"org_path": "text_pattern_ops"}
    )
    op.create_index("ix_audit_log_occurred_at", "audit_log", ["occurred_at"])
    # The audit trail is append-only: the database itself refuses UPDATE and DELETE.
    op.execute(
        """
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        """
    )

    op.create_table(
        "outbox_event",
        sa.Column("id", pg.UUID(as_uuid=True), nullable=False),
        sa.Column("topic", sa.String(80), nullable=False),
        sa.Column("payload", pg.JSONB(), nullable=False),
        sa.Column("org_path", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("request_id", sa.String(64)),
        sa.Column("fanned_out", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_event"),
    )
    op.create_index(
        "ix_outbox_event_unfanned", "outbox_event", ["created_at"], postgresql_where=sa.text("NOT fanned_out")
    )
    op.create_table(
        "outbox_delivery",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("event_id", pg.UUID(as_uuid=True), nullable=False),
        sa.Column("subscriber", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text()),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_delivery"),
        sa.ForeignKeyConstraint(["event_id"], ["outbox_event.id"], name="fk_outbox_delivery_event_id_outbox_event"),
    )
    op.create_index(
        "ix_outbox_delivery_due", "outbox_delivery", ["next_attempt_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "processed_event",
        sa.Column("event_id", pg.UUID(as_uuid=True), nullable=False),
        sa.Column("topic", sa.String(80), nullable=False),
        sa.Column("source", sa.String(60)),
        sa.Column("processed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_processed_event"),
    )


def drop_kit_tables_v1() -> None:
    op.drop_table("processed_event")
    op.drop_table("outbox_delivery")
    op.drop_table("outbox_event")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_table("audit_log")


def create_kit_tables_v2() -> None:
    """reminder (release 2: in-app reminders, F9)."""
    op.create_table(
        "reminder",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("ref_id", sa.String(80), nullable=False),
        sa.Column("owner_path", sa.Text()),
        sa.Column("enterprise_id", pg.UUID(as_uuid=True)),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("detail", sa.Text()),
        sa.Column("link", sa.String(300), nullable=False),
        sa.Column("due_on", sa.Date()),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_reminder"),
    )
    op.create_index("uq_reminder_open", "reminder", ["kind", "ref_id"], unique=True,
                    postgresql_where=sa.text("resolved_at IS NULL"))
    op.create_index("ix_reminder_owner_path", "reminder", ["owner_path"],
                    postgresql_ops={"owner_path": "text_pattern_ops"})
    op.create_index("ix_reminder_enterprise", "reminder", ["enterprise_id"])


def drop_kit_tables_v2() -> None:
    op.drop_table("reminder")


def create_kit_tables_v3() -> None:
    """dash_stat, dash_refresh (release 3: dashboard figures, F6)."""
    op.create_table(
        "dash_stat",
        sa.Column("org_path", sa.Text(), nullable=False),
        sa.Column("metric", sa.String(60), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("org_path", "metric", name="pk_dash_stat"),
    )
    op.create_table(
        "dash_refresh",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dash_refresh"),
    )


def drop_kit_tables_v3() -> None:
    op.drop_table("dash_refresh")
    op.drop_table("dash_stat")


# The seal columns of audit_log: excluded from the guard's comparison of old and new row.
_SEAL_COLUMNS = "ARRAY['chain_seq', 'prev_hash', 'row_hash']"


def create_kit_tables_v4() -> None:
    """audit_log hash chain (release 4: tamper-evident audit trail, docs/decisions/0014).

    Adds chain_seq / prev_hash / row_hash (NULL until the sealer seals the row) and replaces the
    append-only guard: the one UPDATE allowed sets the three seal columns of an unsealed row,
    changing nothing else; DELETE, TRUNCATE and inserting a row already sealed are refused.
    """
    op.add_column("audit_log", sa.Column("chain_seq", sa.BigInteger()))
    op.add_column("audit_log", sa.Column("prev_hash", pg.BYTEA()))
    op.add_column("audit_log", sa.Column("row_hash", pg.BYTEA()))
    op.create_unique_constraint("uq_audit_log_chain_seq", "audit_log", ["chain_seq"])
    op.create_check_constraint(
        "ck_audit_log_seal_complete", "audit_log",
        "(chain_seq IS NULL AND prev_hash IS NULL AND row_hash IS NULL) OR "
        "(chain_seq >= 1 AND octet_length(prev_hash) = 32 AND octet_length(row_hash) = 32)",
    )
    op.create_index("ix_audit_log_unsealed", "audit_log", ["id"], postgresql_where=sa.text("chain_seq IS NULL"))
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF OLD.chain_seq IS NULL AND OLD.prev_hash IS NULL AND OLD.row_hash IS NULL
                   AND NEW.chain_seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.row_hash IS NOT NULL
                   AND (to_jsonb(NEW) - {_SEAL_COLUMNS})::text = (to_jsonb(OLD) - {_SEAL_COLUMNS})::text
                THEN
                    RETURN NEW;  -- sealing: once, and nothing but the seal columns
                END IF;
            END IF;
            RAISE EXCEPTION 'audit_log is append-only';
        END $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION audit_log_insert_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.chain_seq IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.row_hash IS NOT NULL THEN
                RAISE EXCEPTION 'audit_log rows are inserted unsealed';
            END IF;
            RETURN NEW;
        END $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER audit_log_insert_unsealed BEFORE INSERT ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_insert_unsealed();
        """
    )
    op.execute(
        """
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
        """
    )


def drop_kit_tables_v4() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS audit_log_insert_unsealed ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS audit_log_insert_unsealed()")
    op.execute(
        """
        CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
        """
    )
    op.drop_index("ix_audit_log_unsealed", table_name="audit_log")
    op.drop_constraint("ck_audit_log_seal_complete", "audit_log", type_="check")
    op.drop_constraint("uq_audit_log_chain_seq", "audit_log", type_="unique")
    op.drop_column("audit_log", "row_hash")
    op.drop_column("audit_log", "prev_hash")
    op.drop_column("audit_log", "chain_seq")
