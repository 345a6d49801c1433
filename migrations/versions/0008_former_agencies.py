"""Tasks read model: the agencies a task was taken from (they keep reading it).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("former_agencies", sa.JSON(), nullable=True))
    conn = op.get_bind()
    former: dict[str, list[str]] = {}
    for stream_id, data in conn.execute(sa.text(
            "SELECT stream_id, data FROM events WHERE type = 'TaskReassigned' ORDER BY position")):
        data = json.loads(data) if isinstance(data, str) else data
        held = former.setdefault(stream_id.removeprefix("task-"), [])
        if data["from_agency_id"] not in held:
            held.append(data["from_agency_id"])
    tasks = sa.table("tasks", sa.column("task_id", sa.String), sa.column("former_agencies", sa.JSON))
    conn.execute(tasks.update().values(former_agencies=[]))
    for task_id, held in former.items():
        conn.execute(tasks.update().where(tasks.c.task_id == task_id).values(former_agencies=held))
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.alter_column("former_agencies", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("former_agencies")
