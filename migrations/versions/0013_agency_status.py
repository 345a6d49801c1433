"""Agencies read model: merged and retired agencies (issue 13).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No agency was merged or retired before this revision (the events did not exist).
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(20), nullable=False, server_default="active"))
        batch_op.add_column(sa.Column("merged_into", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_column("merged_into")
        batch_op.drop_column("status")
