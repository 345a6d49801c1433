"""The ``dondoc`` command line: Vietnamese, or English with ``--lang en`` (DONDOC_LANG); exit
status 0 on success."""
from __future__ import annotations

import click

from service.cli.context import pass_app
from service.cli.agency import agency
from service.cli.db import db
from service.cli.demo import demo
from service.cli.dispatcher import dispatcher
from service.cli.log import log
from service.cli.plan import plan
from service.cli.report import report
from service.cli.run import run
from service.cli.scheduler import scheduler
from service.cli.token import token
from service.cli.user import user
from service.cli.words import LANGUAGES, use_language


@click.group()
@click.option("--database-url", envvar="DONDOC_DATABASE_URL", default=None,
              help="SQLAlchemy URL (default: SQLite in the instance folder).")
@click.option("--lang", envvar="DONDOC_LANG", type=click.Choice(LANGUAGES), default="vi",
              show_default=True, help="Language of the output (vi: Tiếng Việt, en: English).")
@click.pass_context
def main(ctx: click.Context, database_url: str | None, lang: str) -> None:
    """Đôn đốc: plans in, duties tracked, reminders out."""
    use_language(lang)
    # An embedding caller (a test) may hand in a built app with its own clock: ``obj={"app": app}``.
    ctx.obj = {**(ctx.obj if isinstance(ctx.obj, dict) else {}), "database_url": database_url}


for command in (agency, db, demo, dispatcher, log, plan, report, run, scheduler, token, user):
    main.add_command(command)

__all__ = ["main", "pass_app"]
