"""Plan sources (the lines each imported plan was read from); joins the outbox (0004) and
scheduler (0005) branches into one head.

Revision ID: 0006
Revises: 0004, 0005
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = ("0004", "0005")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_sources",
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_plan_sources")),
    )
    with op.batch_alter_table("plan_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_sources_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_sources_sha256"))
    op.drop_table("plan_sources")
