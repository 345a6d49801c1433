"""The (deadline, task_id) index of tasks carries the columns a task list tests (plan, agency,
state, kind, period, submission): a list's probe of the first keys in deadline order reads the
index alone (service/queries/task_ranges.py; issue 14).

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-29
"""
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

WIDE = ["deadline", "task_id", "plan_id", "agency_id", "state", "kind", "period_key", "submitted_at"]


def upgrade() -> None:
    op.drop_index("ix_tasks_deadline_id", table_name="tasks")
    op.create_index("ix_tasks_deadline_id", "tasks", WIDE)


def downgrade() -> None:
    op.drop_index("ix_tasks_deadline_id", table_name="tasks")
    op.create_index("ix_tasks_deadline_id", "tasks", ["deadline", "task_id"])
