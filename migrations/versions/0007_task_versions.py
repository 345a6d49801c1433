"""Tasks read model: the extension reason, and every task row at its stream's version.

The first version's ``tasks`` and ``task_schedule`` read models took their version only from
the events they handled, so a task with a comment, a reminder, an escalation or a delivery
outcome on its stream showed a version every command then refused. The projections now fold
every event of a task stream; this revision repairs the rows already written (their other
columns were right: those events change nothing else) and fills the reason of pending
extension requests from the log.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_STREAM_VERSION = ("(SELECT MAX(e.version) FROM events e "
                   "WHERE e.stream_id = 'task-' || {table}.task_id)")


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extension_reason", sa.Text(), nullable=True))
    conn = op.get_bind()
    for table in ("tasks", "task_schedule"):
        conn.execute(sa.text(f"UPDATE {table} SET version = {_STREAM_VERSION.format(table=table)} "
                             f"WHERE EXISTS (SELECT 1 FROM events e "
                             f"WHERE e.stream_id = 'task-' || {table}.task_id)"))
    pending = conn.execute(sa.text(
        "SELECT task_id FROM tasks WHERE requested_deadline IS NOT NULL")).scalars().all()
    for task_id in pending:
        data = conn.execute(sa.text(
            "SELECT data FROM events WHERE stream_id = :s AND type = 'ExtensionRequested' "
            "ORDER BY version DESC LIMIT 1"), {"s": f"task-{task_id}"}).scalar()
        if data is not None:
            reason = (json.loads(data) if isinstance(data, str) else data).get("reason")
            conn.execute(sa.text("UPDATE tasks SET extension_reason = :r WHERE task_id = :t"),
                         {"r": reason, "t": task_id})


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("extension_reason")
