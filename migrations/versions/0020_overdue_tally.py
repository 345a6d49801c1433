"""The overdue tally: tasks that are overdue once their deadline has passed, counted per agency,
plan, kind and deadline, so the dashboard's first screen sums a few rows instead of counting
tasks (issue 14; service/projections/overdue_tally.py). Filled here from the tasks rows; kept
by the tasks projection from now on.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "overdue_tally",
        sa.Column("agency_id", sa.String(64), primary_key=True),
        sa.Column("plan_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("deadline", sa.Date, primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_index("ix_overdue_tally_deadline", "overdue_tally",
                    ["deadline", "agency_id", "plan_id", "kind", "n"])
    op.create_index("ix_overdue_tally_plan", "overdue_tally",
                    ["plan_id", "deadline", "agency_id", "kind", "n"])
    # the rule of overdue_tally.bucket: working, or submitted after the deadline day (in Vietnam)
    if op.get_bind().dialect.name == "postgresql":
        submitted_day = "CAST(timezone('Asia/Ho_Chi_Minh', submitted_at) AS DATE)"
    else:
        submitted_day = "date(submitted_at, '+7 hours')"
    op.execute(
        "INSERT INTO overdue_tally (agency_id, plan_id, kind, deadline, n) "
        "SELECT agency_id, plan_id, kind, deadline, COUNT(*) FROM tasks "
        "WHERE state IN ('open', 'in_progress', 'returned') OR (state = 'submitted' AND "
        f"(submitted_at IS NULL OR {submitted_day} > deadline)) "
        "GROUP BY agency_id, plan_id, kind, deadline")


def downgrade() -> None:
    op.drop_index("ix_overdue_tally_plan", table_name="overdue_tally")
    op.drop_index("ix_overdue_tally_deadline", table_name="overdue_tally")
    op.drop_table("overdue_tally")
