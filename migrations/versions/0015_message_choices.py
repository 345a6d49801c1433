"""People read model: each person's daily digest time and the kinds of message they turned off.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest_at", sa.String(5), nullable=True))
        batch_op.add_column(sa.Column("muted", sa.JSON(), nullable=True))
    people = sa.table("people", sa.column("muted", sa.JSON))
    op.get_bind().execute(people.update().values(muted=[]))
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.alter_column("muted", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("muted")
        batch_op.drop_column("digest_at")
