"""The keyed hash chain and the signed head of the log (issue 18).

Rows written before keep their plain SHA-256 hashes (``chain`` = 1) and verify as they were
written; every later row is keyed (HMAC-SHA256 under the log key kept outside the database,
``chain`` = 2). The head is signed by the first append after this revision (the key lives
outside the database, so a migration cannot sign it).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("chain", sa.Integer(), nullable=False, server_default="1"))
    op.create_table("log_head",
                    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
                    sa.Column("position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                              nullable=False),
                    sa.Column("hash", sa.String(64), nullable=False),
                    sa.Column("signature", sa.String(64), nullable=False))


def downgrade() -> None:
    op.drop_table("log_head")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("chain")
