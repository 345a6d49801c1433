"""PostgreSQL: a notice on the channel ``dondoc_actors``, naming the schema, when anything an
API token's Actor is made of changes (the token's credentials, the person's row, the links
between plans), sent by the server itself at the commit of the change, whoever wrote it (a
command, a rebuild of the read models, an administrator's SQL). The API's reading connections
listen, and an Actor kept for a token is dropped at the first notice of their schema
(service/auth/kept_actors.py). SQLite has no such notices, and keeps no Actor between requests.

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-30
"""
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

TABLES = ("credentials", "people", "plan_links")
FUNCTION, TRIGGER = "dondoc_actors_changed", "dondoc_actors_changed"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # one notice a statement (duplicates in a transaction are folded into one at its commit),
    # naming the schema: the channel is the database's, and other schemas' changes are not ours
    op.execute(f"""CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dondoc_actors', TG_TABLE_SCHEMA);
  RETURN NULL;
END $$""")
    for table in TABLES:
        op.execute(f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
