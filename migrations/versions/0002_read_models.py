"""plans, agencies and tasks read models

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 01:15:35.040721
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agencies',
    sa.Column('agency_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('parent_id', sa.String(length=64), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('agency_id', name=op.f('pk_agencies'))
    )
    op.create_table('plans',
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('number', sa.String(length=120), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('issuer', sa.String(length=300), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('draft', sa.JSON(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=True),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('task_count', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('plan_id', name=op.f('pk_plans')),
    sa.UniqueConstraint('source_sha256', name=op.f('uq_plans_source_sha256'))
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_status'), ['status'], unique=False)

    op.create_table('tasks',
    sa.Column('task_id', sa.String(length=64), nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('duty_id', sa.String(length=120), nullable=False),
    sa.Column('duty_text', sa.Text(), nullable=False),
    sa.Column('agency_id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('period_key', sa.String(length=20), nullable=True),
    sa.Column('period_label', sa.String(length=60), nullable=True),
    sa.Column('cooperating', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('original_deadline', sa.Date(), nullable=False),
    sa.Column('requested_deadline', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('overdue_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('task_id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_agency_state_deadline', ['agency_id', 'state', 'deadline'], unique=False)
        batch_op.create_index('ix_tasks_deadline', ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_duty_id'), ['duty_id'], unique=False)
        batch_op.create_index('ix_tasks_plan_state_deadline', ['plan_id', 'state', 'deadline'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_plan_state_deadline')
        batch_op.drop_index(batch_op.f('ix_tasks_duty_id'))
        batch_op.drop_index('ix_tasks_deadline')
        batch_op.drop_index('ix_tasks_agency_state_deadline')

    op.drop_table('tasks')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_status'))

    op.drop_table('plans')
    op.drop_table('agencies')
