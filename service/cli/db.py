"""dondoc db upgrade | current"""
import click

from service import migrate
from service.cli.context import pass_app
from service.cli.words import _


@click.group()
def db() -> None:
    """The database schema (Alembic migrations)."""


@db.command()
@click.argument("revision", default="heads")
@pass_app(migrated=False)
def upgrade(dd, revision: str) -> None:
    """Apply migrations up to REVISION (default: every head)."""
    migrate.upgrade(dd.engine, revision)
    click.echo(_("cơ sở dữ liệu ở phiên bản {revision}", revision=migrate.current_revision(dd.engine)))


@db.command()
@pass_app(migrated=False)
def current(dd) -> None:
    """Print the revision the database is at."""
    click.echo(migrate.current_revision(dd.engine) or _("trống (hãy chạy: dondoc db upgrade)"))
