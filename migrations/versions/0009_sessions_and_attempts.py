"""Sessions a person can end everywhere, and sign-in attempts kept in the database.

``credentials.session_generation`` is written into each web session at sign-in; signing out,
or any change of the password, moves it on, and every session carrying an older number stops
working. ``sign_in_attempts`` counts failures per account and address (and per address alone),
so that the limit holds across gunicorn workers and nobody can lock another person out from
elsewhere.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_generation", sa.Integer(), nullable=False,
                                      server_default="0"))
    op.create_table(
        "sign_in_attempts",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_attempts")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_attempts")
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.drop_column("session_generation")
