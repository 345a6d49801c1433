"""The Flask app behind a CLI command, built on first use (never at import time)."""
from __future__ import annotations

import functools

import click


def get_app(ctx: click.Context):
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    if "app" not in obj:
        from service.app import create_app

        config = {"DATABASE_URL": obj["database_url"]} if obj.get("database_url") else {}
        obj["app"] = create_app(config)
        root.obj = obj
    return obj["app"]


def pass_app(f):
    """Give the command the app's Dondoc services as its first argument, inside an app context."""

    @click.pass_context
    @functools.wraps(f)
    def wrapper(ctx, *args, **kwargs):
        app = get_app(ctx)
        with app.app_context():
            return f(app.extensions["dondoc"], *args, **kwargs)

    return wrapper
