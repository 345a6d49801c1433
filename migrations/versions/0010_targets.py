"""Tracked targets and the figures reported against them (read models of issue 12).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

from service.tables import UtcDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No plan activated before this revision tracks targets: the new read models start empty.
    op.create_table("plan_targets",
                    sa.Column("plan_id", sa.String(64), primary_key=True),
                    sa.Column("targets", sa.JSON(), nullable=False))
    op.create_table("target_tasks",
                    sa.Column("task_id", sa.String(64), primary_key=True),
                    sa.Column("plan_id", sa.String(64), nullable=False),
                    sa.Column("agency_id", sa.String(64), nullable=False),
                    sa.Column("period_key", sa.String(20)))
    op.create_index("ix_target_tasks_plan_id", "target_tasks", ["plan_id"])
    op.create_table("target_figures",
                    sa.Column("position", sa.Integer(), primary_key=True, autoincrement=False),
                    sa.Column("target_id", sa.String(20), primary_key=True),
                    sa.Column("plan_id", sa.String(64), nullable=False),
                    sa.Column("agency_id", sa.String(64), nullable=False),
                    sa.Column("period_key", sa.String(20), nullable=False),
                    sa.Column("value", sa.String(40), nullable=False),
                    sa.Column("numerator", sa.String(40)),
                    sa.Column("denominator", sa.String(40)),
                    sa.Column("task_id", sa.String(64)),
                    sa.Column("source", sa.String(20), nullable=False),
                    sa.Column("actor", sa.String(120)),
                    sa.Column("note", sa.Text()),
                    sa.Column("recorded_at", UtcDateTime(), nullable=False))
    op.create_index("ix_target_figures_plan_id", "target_figures", ["plan_id"])


def downgrade() -> None:
    op.drop_table("target_figures")
    op.drop_table("target_tasks")
    op.drop_table("plan_targets")
