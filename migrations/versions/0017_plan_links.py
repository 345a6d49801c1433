"""The cascade between plans: which plan implements which (read model of PlanLinked and
PlanUnlinked, workflows.cascade_events).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_links",
        sa.Column("lower_plan_id", sa.String(64), primary_key=True),
        sa.Column("higher_plan_id", sa.String(64), primary_key=True),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("how", sa.String(20), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_plan_links_higher", "plan_links", ["higher_plan_id"])


def downgrade() -> None:
    op.drop_index("ix_plan_links_higher", table_name="plan_links")
    op.drop_table("plan_links")
