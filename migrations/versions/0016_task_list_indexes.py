"""Task lists as index range scans: every tasks index ends with (deadline, task_id), the key
lists are ordered and paged by (those by state also carry what the dashboard's overdue count
reads); the agencies that see a task beyond its own (cooperating on it,
or it was taken from them) as keys in ``task_links`` instead of a match over JSON.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-28
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_NEW = {
    "ix_tasks_deadline_id": ["deadline", "task_id"],
    "ix_tasks_plan_deadline": ["plan_id", "deadline", "task_id"],
    "ix_tasks_agency_deadline": ["agency_id", "deadline", "task_id"],
    "ix_tasks_state_deadline": ["state", "deadline", "task_id", "agency_id", "plan_id", "submitted_at"],
    "ix_tasks_plan_state_deadline": ["plan_id", "state", "deadline", "task_id", "agency_id", "submitted_at"],
    "ix_tasks_agency_state_deadline": ["agency_id", "state", "deadline", "task_id", "plan_id", "submitted_at"],
    "ix_tasks_period_deadline": ["period_key", "deadline", "task_id"],
}
_OLD = {
    "ix_tasks_deadline": ["deadline"],
    "ix_tasks_plan_state_deadline": ["plan_id", "state", "deadline"],
    "ix_tasks_agency_state_deadline": ["agency_id", "state", "deadline"],
}


def _as_list(value):
    return json.loads(value) if isinstance(value, str) else (value or [])


def upgrade() -> None:
    for name in _OLD:
        op.drop_index(name, table_name="tasks")
    for name, columns in _NEW.items():
        op.create_index(name, "tasks", columns)
    op.create_table("task_links",
                    sa.Column("agency_id", sa.String(64), nullable=False),
                    sa.Column("relation", sa.String(12), nullable=False),
                    sa.Column("task_id", sa.String(64), nullable=False),
                    sa.PrimaryKeyConstraint("agency_id", "relation", "task_id", name="pk_task_links"))
    op.create_index("ix_task_links_task", "task_links", ["task_id"])
    conn = op.get_bind()
    links = []
    for task_id, cooperating, former in conn.execute(sa.text(
            "SELECT task_id, cooperating, former_agencies FROM tasks")):
        links += [dict(agency_id=a, relation="cooperating", task_id=task_id) for a in set(_as_list(cooperating))]
        links += [dict(agency_id=a, relation="former", task_id=task_id) for a in set(_as_list(former))]
    if links:
        table = sa.table("task_links", sa.column("agency_id"), sa.column("relation"), sa.column("task_id"))
        conn.execute(table.insert(), links)


def downgrade() -> None:
    op.drop_index("ix_task_links_task", table_name="task_links")
    op.drop_table("task_links")
    for name in _NEW:
        op.drop_index(name, table_name="tasks")
    for name, columns in _OLD.items():
        op.create_index(name, "tasks", columns)
