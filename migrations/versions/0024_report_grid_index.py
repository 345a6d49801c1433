"""An index covering the report grid's grouped count (kind, agency, period, plan, state, deadline,
submission time, period label): the grid reads it alone instead of each report's row, which at
a million tasks took 44 s on SQLite (issue 14; service/queries/dashboard_sql.py).

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-29
"""
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tasks_report_grid", "tasks", ["kind", "agency_id", "period_key", "plan_id", "state",
                                                       "deadline", "submitted_at", "period_label"])


def downgrade() -> None:
    op.drop_index("ix_tasks_report_grid", table_name="tasks")
