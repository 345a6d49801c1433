"""The classification as of today kept per agency, plan, kind and status (class_totals) and the
open tasks per deadline (open_tally): the classification page reads a few rows per agency and
plan instead of counting the tasks (issue 14; service/projections/class_tally.py). Filled here
from the tasks rows by the projection's rule; kept by the tasks projection from now on.

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def _whose() -> list:
    return [sa.Column("agency_id", sa.String(64), primary_key=True),
            sa.Column("plan_id", sa.String(64), primary_key=True),
            sa.Column("kind", sa.String(20), primary_key=True)]


def upgrade() -> None:
    op.create_table("class_totals", *_whose(), sa.Column("status", sa.String(20), primary_key=True),
                    sa.Column("n", sa.Integer, nullable=False))
    op.create_index("ix_class_totals_plan", "class_totals", ["plan_id", "agency_id", "kind", "status", "n"])
    op.create_table("open_tally", *_whose(), sa.Column("deadline", sa.Date, primary_key=True),
                    sa.Column("n", sa.Integer, nullable=False))
    op.create_index("ix_open_tally_deadline", "open_tally", ["deadline", "agency_id", "plan_id", "kind", "n"])
    op.create_index("ix_open_tally_plan", "open_tally", ["plan_id", "deadline", "agency_id", "kind", "n"])
    # the rule of class_tally.buckets: cancelled not counted; done on time or late by the done
    # day; the rest open, by deadline
    op.execute(
        "INSERT INTO class_totals (agency_id, plan_id, kind, status, n) "
        "SELECT agency_id, plan_id, kind, CASE WHEN done_on IS NULL THEN 'open' "
        "WHEN done_on <= deadline THEN 'done_on_time' ELSE 'done_late' END AS status, COUNT(*) "
        "FROM tasks WHERE cancelled_on IS NULL GROUP BY agency_id, plan_id, kind, "
        "CASE WHEN done_on IS NULL THEN 'open' WHEN done_on <= deadline THEN 'done_on_time' ELSE 'done_late' END")
    op.execute(
        "INSERT INTO open_tally (agency_id, plan_id, kind, deadline, n) "
        "SELECT agency_id, plan_id, kind, deadline, COUNT(*) FROM tasks "
        "WHERE cancelled_on IS NULL AND done_on IS NULL GROUP BY agency_id, plan_id, kind, deadline")


def downgrade() -> None:
    op.drop_index("ix_open_tally_plan", table_name="open_tally")
    op.drop_index("ix_open_tally_deadline", table_name="open_tally")
    op.drop_table("open_tally")
    op.drop_index("ix_class_totals_plan", table_name="class_totals")
    op.drop_table("class_totals")
