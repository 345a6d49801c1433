"""The overdue tally summed over every deadline, per agency, plan and kind (overdue_totals), and
an index of the tally by agency and deadline: the dashboard's first screen reads each agency's
total less its rows due from today on, and its oldest deadline as the first row of its range
(issue 14; service/projections/overdue_tally.py). Filled here from the tally; kept by the tasks
projection from now on.

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "overdue_totals",
        sa.Column("agency_id", sa.String(64), primary_key=True),
        sa.Column("plan_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_index("ix_overdue_totals_plan", "overdue_totals", ["plan_id", "agency_id", "kind", "n"])
    op.create_index("ix_overdue_tally_agency", "overdue_tally", ["agency_id", "deadline", "plan_id", "kind", "n"])
    op.execute("INSERT INTO overdue_totals (agency_id, plan_id, kind, n) "
               "SELECT agency_id, plan_id, kind, SUM(n) FROM overdue_tally "
               "GROUP BY agency_id, plan_id, kind HAVING SUM(n) > 0")


def downgrade() -> None:
    op.drop_index("ix_overdue_tally_agency", table_name="overdue_tally")
    op.drop_index("ix_overdue_totals_plan", table_name="overdue_totals")
    op.drop_table("overdue_totals")
