"""The ``dondoc`` command line. Developer output in English; exit status 0 on success."""
from __future__ import annotations

import click

from service.cli.context import pass_app
from service.cli.db import db
from service.cli.demo import demo
from service.cli.log import log
from service.cli.plan import plan
from service.cli.run import run
from service.cli.scheduler import scheduler


@click.group()
@click.option("--database-url", envvar="DONDOC_DATABASE_URL", default=None,
              help="SQLAlchemy URL (default: SQLite in the instance folder).")
@click.pass_context
def main(ctx: click.Context, database_url: str | None) -> None:
    """Đôn đốc: plans in, duties tracked, reminders out."""
    ctx.obj = {"database_url": database_url}


main.add_command(db)
main.add_command(__import__("service.cli.dispatcher", fromlist=["dispatcher"]).dispatcher)
main.add_command(demo)
main.add_command(log)
main.add_command(run)
main.add_command(plan)
main.add_command(__import__("service.cli.token", fromlist=["token"]).token)
main.add_command(scheduler)

__all__ = ["main", "pass_app"]
