"""task schedule, reminder keys, scheduler leases

Revision ID: 0005
Revises: 0003 (beside the other branches on 0003)
Create Date: 2026-11-24 01:26:32.668468
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminder_keys',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('task_id', sa.String(length=64), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_reminder_keys'))
    )
    with op.batch_alter_table('reminder_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_keys_task_id'), ['task_id'], unique=False)

    op.create_table('scheduler_leases',
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_scheduler_leases'))
    )
    op.create_table('task_schedule',
    sa.Column('task_id', sa.String(length=64), nullable=False),
    sa.Column('plan_id', sa.String(length=64), nullable=False),
    sa.Column('agency_id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('handled', sa.JSON(), nullable=False),
    sa.Column('next_action_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('task_id', name=op.f('pk_task_schedule'))
    )
    with op.batch_alter_table('task_schedule', schema=None) as batch_op:
        batch_op.create_index('ix_task_schedule_next_action_at', ['next_action_at', 'task_id'], unique=False, postgresql_where=sa.text('next_action_at IS NOT NULL'), sqlite_where=sa.text('next_action_at IS NOT NULL'))
        batch_op.create_index(batch_op.f('ix_task_schedule_plan_id'), ['plan_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('task_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_schedule_plan_id'))
        batch_op.drop_index('ix_task_schedule_next_action_at', postgresql_where=sa.text('next_action_at IS NOT NULL'), sqlite_where=sa.text('next_action_at IS NOT NULL'))

    op.drop_table('task_schedule')
    op.drop_table('scheduler_leases')
    with op.batch_alter_table('reminder_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_keys_task_id'))

    op.drop_table('reminder_keys')
