"""audit tables: 督查清单 (seeded from 附件6), audits and items, evidence files, follow-up documents
and their numbering, assessment points, bureau records, the leading group (seeded from 附件1),
progress reports, dispatch meetings, briefings, and the national push queue.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 06:34:22.794140
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from audit.checklists.data import CHECKLIST_SOURCE, CHECKLIST_TITLE, DUTIES, LEADING_GROUP, RULES, checklist_items

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_checklist',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('items', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('published_by', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_audit_checklist'))
    )
    op.create_table('audit_file',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('owner_kind', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.String(length=80), nullable=False),
    sa.Column('item_code', sa.String(length=8), nullable=True),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_file')),
    sa.UniqueConstraint('owner_kind', 'owner_id', 'sha256', name='uq_audit_file_same_content')
    )
    op.create_index('ix_audit_file_owner', 'audit_file', ['owner_kind', 'owner_id'], unique=False)
    op.create_table('dispatch_meeting',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('org_code', sa.String(length=20), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('chair', sa.String(length=60), nullable=True),
    sa.Column('attendees', sa.Text(), nullable=True),
    sa.Column('period_code', sa.String(length=12), nullable=True),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispatch_meeting'))
    )
    op.create_table('document_counter',
    sa.Column('issuer_code', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_no', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('issuer_code', 'year', name=op.f('pk_document_counter'))
    )
    op.create_table('document_prefix',
    sa.Column('issuer_code', sa.String(length=20), nullable=False),
    sa.Column('prefix', sa.String(length=20), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('issuer_code', name=op.f('pk_document_prefix'))
    )
    op.create_table('leading_group_duty',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('no', sa.String(length=8), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leading_group_duty'))
    )
    op.create_table('leading_group_member',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('position', sa.String(length=100), nullable=False),
    sa.Column('group_role', sa.String(length=12), nullable=False),
    sa.Column('org_code', sa.String(length=20), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leading_group_member'))
    )
    op.create_table('liaison',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('org_code', sa.String(length=20), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('org_name', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('position', sa.String(length=100), nullable=False),
    sa.Column('phone_enc', sa.LargeBinary(), nullable=False),
    sa.Column('phone_masked', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=True),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_liaison'))
    )
    op.create_index(op.f('ix_liaison_org_code'), 'liaison', ['org_code'], unique=False)
    op.create_index('ix_liaison_org_path', 'liaison', ['org_path'], unique=False, postgresql_ops={'org_path': 'text_pattern_ops'})
    op.create_table('national_push',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('record_type', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.String(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('org_code', sa.String(length=20), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('summary', sa.String(length=200), nullable=False),
    sa.Column('body', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('receipt_id', sa.String(length=80), nullable=True),
    sa.Column('duplicate', sa.Boolean(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resent_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_national_push')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_national_push_idempotency_key'))
    )
    op.create_index('ix_national_push_due', 'national_push', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'pending'"))
    op.create_index('ix_national_push_record', 'national_push', ['record_type', 'record_id'], unique=False)
    op.create_table('progress_report',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('org_code', sa.String(length=20), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('org_name', sa.String(length=100), nullable=False),
    sa.Column('period_code', sa.String(length=12), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('highlights', sa.Text(), nullable=True),
    sa.Column('difficulties', sa.Text(), nullable=True),
    sa.Column('next_plan', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('return_comment', sa.Text(), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report')),
    sa.UniqueConstraint('org_code', 'period_code', name='uq_progress_report_org_period')
    )
    op.create_index('ix_progress_report_org_path', 'progress_report', ['org_path'], unique=False, postgresql_ops={'org_path': 'text_pattern_ops'})
    op.create_table('publicity_activity',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('org_code', sa.String(length=20), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('org_name', sa.String(length=100), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('form', sa.String(length=12), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('attendance', sa.Integer(), nullable=False),
    sa.Column('enterprises', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publicity_activity'))
    )
    op.create_index('ix_publicity_activity_org_path', 'publicity_activity', ['org_path'], unique=False, postgresql_ops={'org_path': 'text_pattern_ops'})
    op.create_table('score_entry',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('org_code', sa.String(length=20), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('org_name', sa.String(length=100), nullable=False),
    sa.Column('giver_code', sa.String(length=20), nullable=False),
    sa.Column('giver_path', sa.Text(), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('points', sa.Numeric(precision=6, scale=1), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('source_kind', sa.String(length=12), nullable=False),
    sa.Column('source_id', sa.String(length=80), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.String(length=120), nullable=True),
    sa.Column('revoke_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score_entry'))
    )
    op.create_index('ix_score_entry_org_path', 'score_entry', ['org_path'], unique=False, postgresql_ops={'org_path': 'text_pattern_ops'})
    op.create_index('ix_score_entry_period', 'score_entry', ['period'], unique=False)
    op.create_table('work_briefing',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('issue_no', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('period_code', sa.String(length=12), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_briefing')),
    sa.UniqueConstraint('year', 'issue_no', name='uq_work_briefing_issue')
    )
    op.create_table('work_group',
    sa.Column('org_code', sa.String(length=20), nullable=False),
    sa.Column('org_path', sa.Text(), nullable=False),
    sa.Column('org_name', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('established_on', sa.Date(), nullable=False),
    sa.Column('document_no', sa.String(length=60), nullable=True),
    sa.Column('members', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('duties', sa.Text(), nullable=True),
    sa.Column('meets', sa.String(length=100), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('org_code', name=op.f('pk_work_group'))
    )
    op.create_table('bureau_audit',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('checklist_version', sa.Integer(), nullable=False),
    sa.Column('auditor_code', sa.String(length=20), nullable=False),
    sa.Column('auditor_path', sa.Text(), nullable=False),
    sa.Column('auditor_name', sa.String(length=100), nullable=False),
    sa.Column('target_code', sa.String(length=20), nullable=False),
    sa.Column('target_path', sa.Text(), nullable=False),
    sa.Column('target_name', sa.String(length=100), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('audited_on', sa.Date(), nullable=False),
    sa.Column('auditors', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('conclusion', sa.Text(), nullable=True),
    sa.Column('prefill_state', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('prefilled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['checklist_version'], ['audit_checklist.version'], name=op.f('fk_bureau_audit_checklist_version_audit_checklist')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bureau_audit')),
    sa.UniqueConstraint('number', name=op.f('uq_bureau_audit_number'))
    )
    op.create_index('ix_bureau_audit_auditor_path', 'bureau_audit', ['auditor_path'], unique=False, postgresql_ops={'auditor_path': 'text_pattern_ops'})
    op.create_index('ix_bureau_audit_target_path', 'bureau_audit', ['target_path'], unique=False, postgresql_ops={'target_path': 'text_pattern_ops'})
    op.create_index('ix_bureau_audit_updated', 'bureau_audit', ['updated_at'], unique=False)
    op.create_table('meeting_decision',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('meeting_id', sa.UUID(), nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('owner_code', sa.String(length=20), nullable=False),
    sa.Column('owner_path', sa.Text(), nullable=False),
    sa.Column('owner_name', sa.String(length=100), nullable=False),
    sa.Column('owner_person', sa.String(length=60), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('done_note', sa.Text(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['dispatch_meeting.id'], name=op.f('fk_meeting_decision_meeting_id_dispatch_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_decision'))
    )
    op.create_index(op.f('ix_meeting_decision_meeting_id'), 'meeting_decision', ['meeting_id'], unique=False)
    op.create_index('ix_meeting_decision_owner_path', 'meeting_decision', ['owner_path'], unique=False, postgresql_ops={'owner_path': 'text_pattern_ops'})
    op.create_table('bureau_audit_item',
    sa.Column('audit_id', sa.UUID(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('sort', sa.Integer(), nullable=False),
    sa.Column('section_no', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=100), nullable=False),
    sa.Column('task', sa.Text(), nullable=False),
    sa.Column('figures', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('suggested', sa.Boolean(), nullable=True),
    sa.Column('basis', sa.Text(), nullable=True),
    sa.Column('implemented', sa.Boolean(), nullable=True),
    sa.Column('highlights', sa.Text(), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=True),
    sa.Column('updated_by', sa.String(length=120), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['audit_id'], ['bureau_audit.id'], name=op.f('fk_bureau_audit_item_audit_id_bureau_audit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('audit_id', 'code', name=op.f('pk_bureau_audit_item'))
    )
    op.create_table('followup_action',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('audit_id', sa.UUID(), nullable=True),
    sa.Column('issuer_code', sa.String(length=20), nullable=False),
    sa.Column('issuer_path', sa.Text(), nullable=False),
    sa.Column('issuer_name', sa.String(length=100), nullable=False),
    sa.Column('target_code', sa.String(length=20), nullable=False),
    sa.Column('target_path', sa.Text(), nullable=False),
    sa.Column('target_name', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('requirements', sa.Text(), nullable=False),
    sa.Column('interview', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by', sa.String(length=120), nullable=True),
    sa.Column('history', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.String(length=120), nullable=True),
    sa.Column('closing_note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['audit_id'], ['bureau_audit.id'], name=op.f('fk_followup_action_audit_id_bureau_audit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_action')),
    sa.UniqueConstraint('issuer_code', 'number', name='uq_followup_issuer_number')
    )
    op.create_index('ix_followup_issuer_path', 'followup_action', ['issuer_path'], unique=False, postgresql_ops={'issuer_path': 'text_pattern_ops'})
    op.create_index('ix_followup_target_path', 'followup_action', ['target_path'], unique=False, postgresql_ops={'target_path': 'text_pattern_ops'})

    op.bulk_insert(sa.table("audit_checklist", sa.column("version", sa.Integer), sa.column("title", sa.String),
                            sa.column("source", sa.Text), sa.column("items", postgresql.JSONB),
                            sa.column("published_by", sa.String)),
                   [{"version": 1, "title": CHECKLIST_TITLE, "source": CHECKLIST_SOURCE, "items": checklist_items(),
                     "published_by": "system"}])
    op.bulk_insert(sa.table("leading_group_member", sa.column("sort", sa.Integer), sa.column("name", sa.String),
                            sa.column("position", sa.String), sa.column("group_role", sa.String),
                            sa.column("active", sa.Boolean), sa.column("updated_by", sa.String)),
                   [{"sort": i, "name": n, "position": p, "group_role": role, "active": True, "updated_by": "system"}
                    for i, (n, p, role) in enumerate(LEADING_GROUP, start=1)])
    op.bulk_insert(sa.table("leading_group_duty", sa.column("kind", sa.String), sa.column("no", sa.String),
                            sa.column("text", sa.Text)),
                   [{"kind": "duty", "no": no, "text": t} for no, t in DUTIES]
                   + [{"kind": "rule", "no": no, "text": t} for no, t in RULES])


def downgrade() -> None:
    op.drop_index('ix_followup_target_path', table_name='followup_action', postgresql_ops={'target_path': 'text_pattern_ops'})
    op.drop_index('ix_followup_issuer_path', table_name='followup_action', postgresql_ops={'issuer_path': 'text_pattern_ops'})
    op.drop_table('followup_action')
    op.drop_table('bureau_audit_item')
    op.drop_index('ix_meeting_decision_owner_path', table_name='meeting_decision', postgresql_ops={'owner_path': 'text_pattern_ops'})
    op.drop_index(op.f('ix_meeting_decision_meeting_id'), table_name='meeting_decision')
    op.drop_table('meeting_decision')
    op.drop_index('ix_bureau_audit_updated', table_name='bureau_audit')
    op.drop_index('ix_bureau_audit_target_path', table_name='bureau_audit', postgresql_ops={'target_path': 'text_pattern_ops'})
    op.drop_index('ix_bureau_audit_auditor_path', table_name='bureau_audit', postgresql_ops={'auditor_path': 'text_pattern_ops'})
    op.drop_table('bureau_audit')
    op.drop_table('work_group')
    op.drop_table('work_briefing')
    op.drop_index('ix_score_entry_period', table_name='score_entry')
    op.drop_index('ix_score_entry_org_path', table_name='score_entry', postgresql_ops={'org_path': 'text_pattern_ops'})
    op.drop_table('score_entry')
    op.drop_index('ix_publicity_activity_org_path', table_name='publicity_activity', postgresql_ops={'org_path': 'text_pattern_ops'})
    op.drop_table('publicity_activity')
    op.drop_index('ix_progress_report_org_path', table_name='progress_report', postgresql_ops={'org_path': 'text_pattern_ops'})
    op.drop_table('progress_report')
    op.drop_index('ix_national_push_record', table_name='national_push')
    op.drop_index('ix_national_push_due', table_name='national_push', postgresql_where=sa.text("status = 'pending'"))
    op.drop_table('national_push')
    op.drop_index('ix_liaison_org_path', table_name='liaison', postgresql_ops={'org_path': 'text_pattern_ops'})
    op.drop_index(op.f('ix_liaison_org_code'), table_name='liaison')
    op.drop_table('liaison')
    op.drop_table('leading_group_member')
    op.drop_table('leading_group_duty')
    op.drop_table('document_prefix')
    op.drop_table('document_counter')
    op.drop_table('dispatch_meeting')
    op.drop_index('ix_audit_file_owner', table_name='audit_file')
    op.drop_table('audit_file')
    op.drop_table('audit_checklist')
