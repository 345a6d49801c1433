"""Agencies read model: the place of each agency (issue 13).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Agencies registered before this revision recorded no place (AgencyRegistered v1): NULL.
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("place", sa.String(200), nullable=True))
        batch_op.add_column(sa.Column("place_code", sa.String(40), nullable=True))
        batch_op.add_column(sa.Column("successor", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_column("successor")
        batch_op.drop_column("place_code")
        batch_op.drop_column("place")
