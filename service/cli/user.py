"""dondoc user create USERNAME --role ROLE --email EMAIL: the first administrator of a real
deployment (and anyone else), without the demo. The password comes from a prompt, or from
standard input when it is not a terminal; it is checked as every password is."""
from __future__ import annotations

import sys

import click

from service.cli.words import ROLE_NAMES, _
from service.cli.actor import cli_actor
from service.cli.context import pass_app
from service.cli.plan import _refusals_said_plainly
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import UserRole


@click.group()
def user() -> None:
    """People who sign in."""


@user.command()
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in UserRole]))
@click.option("--email", required=True)
@click.option("--name", default=None, help="Full name (default: the username).")
@click.option("--agency", "agency_id", default=None, help="Agency id (a focal point's).")
@click.option("--phone", default=None, help="+84... for SMS.")
@pass_app
def create(dd, username: str, role: str, email: str, name: str | None, agency_id: str | None,
           phone: str | None) -> None:
    """Create USERNAME with ROLE; asks for the password (twice), or reads one line of stdin."""
    if sys.stdin.isatty():
        password = click.prompt(_("Mật khẩu"), hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    profile = Profile(username=username, name=name or username, role=role, agency_id=agency_id,
                      email=email, phone=phone)
    with _refusals_said_plainly():
        person_id = dd.bus.handle(c.AddPerson(profile, password=password), cli_actor())
    click.echo(_("đã tạo {username} ({role}), mã {person}", username=username, role=_(ROLE_NAMES[role]),
                 person=person_id))
