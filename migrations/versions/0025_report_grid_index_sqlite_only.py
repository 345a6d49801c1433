"""The report grid's covering index (0024) kept on SQLite only: PostgreSQL's planner never reads
it (the grid's grouped count scans the table in parallel with the index or without it, 150-210
ms at 100,000 tasks either way), and every task written updated it all the same (11 MB at
100,000 tasks; 5,000 state changes 1.36-1.44 s without it against 1.42-1.84 s with it, 5,000
inserts 0.92-1.18 s against 1.09-1.61 s, load 11). On SQLite the grid reads the index alone:
108-179 ms against 727-879 ms without it (issue 14).

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-29
"""
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

COLUMNS = ["kind", "agency_id", "period_key", "plan_id", "state", "deadline", "submitted_at", "period_label"]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_index("ix_tasks_report_grid", table_name="tasks")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.create_index("ix_tasks_report_grid", "tasks", COLUMNS)
