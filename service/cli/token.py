"""dondoc token issue USERNAME: a new API token for a person (the old one stops working)."""
from __future__ import annotations

import sys

import click
from sqlalchemy import select

from service.auth.credentials import issue_token
from service.cli.words import _
from service.cli.context import pass_app
from service.projections.people import people


@click.group()
def token() -> None:
    """API tokens (Authorization: Bearer <token>)."""


@token.command()
@click.argument("username")
@pass_app
def issue(dd, username: str) -> None:
    """Issue a new token for USERNAME and print it once; only its hash is kept."""
    with dd.engine.begin() as conn:
        row = conn.execute(select(people.c.person_id, people.c.active)
                           .where(people.c.username == username)).first()
        if row is None or not row.active:
            state = _("không có người dùng") if row is None else _("người dùng đã bị khóa")
            click.echo(_("lỗi: {username}: {state}; xem danh sách người dùng", username=repr(username),
                         state=state), err=True)
            sys.exit(1)
        value = issue_token(conn, row.person_id, dd.clock.now())
    click.echo(value)
    click.echo(_("mã truy cập của {username} ({person}); mã này thay mọi mã trước và chỉ hiện lần "
                 "này", username=username, person=row.person_id), err=True)
