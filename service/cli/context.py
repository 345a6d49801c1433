"""The Flask app behind a CLI command, built on first use (never at import time)."""
from __future__ import annotations

import functools

import click
from service.cli.words import SCHEMA_PROBLEMS, _


def get_app(ctx: click.Context):
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    if "app" not in obj:
        from service.app import create_app

        config = {"DATABASE_URL": obj["database_url"]} if obj.get("database_url") else {}
        obj["app"] = create_app(config)
        root.obj = obj
    return obj["app"]


def pass_app(f=None, *, migrated: bool = True):
    """Give the command the app's Dondoc services as its first argument, inside an app context.
    A command that reads or writes the data (``migrated``) first checks that the database is
    reachable and at this code's migrations, and says so in one line, exit status 1, if not."""
    if f is None:
        return functools.partial(pass_app, migrated=migrated)

    @click.pass_context
    @functools.wraps(f)
    def wrapper(ctx, *args, **kwargs):
        app = get_app(ctx)
        dd = app.extensions["dondoc"]
        if migrated:
            require_migrated(dd.engine)
        with app.app_context():
            return f(dd, *args, **kwargs)

    return wrapper


def require_migrated(engine) -> None:
    from service.migrate import schema_problem

    problem = schema_problem(engine)
    if problem is not None:
        code, values = problem
        click.echo(_("lỗi: {message}", message=_(SCHEMA_PROBLEMS[code], **values)), err=True)
        raise SystemExit(1)
