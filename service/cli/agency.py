"""dondoc agency list | rename | merge | retire: the agency registry from the command line."""
from __future__ import annotations

import click
from sqlalchemy import select

from service.cli.actor import cli_actor
from service.cli.context import pass_app
from service.cli.plan import _refusals_said_plainly
from service.cli.words import _
from service.texts import N_

STATUSES = {"active": N_("hoạt động"), "merged": N_("đã sáp nhập"), "retired": N_("đã giải thể")}
from service.projections.agencies import agencies
from workflows import commands as c
from workflows.places import describe


@click.group()
def agency() -> None:
    """Agencies: list them, rename, merge one into its successor, retire one."""


@agency.command("list")
@click.option("--all", "everything", is_flag=True, help="Also merged and retired agencies.")
@pass_app
def list_(dd, everything: bool) -> None:
    """Agencies by name: id, level, place (and the unit that succeeded a former one), status."""
    stmt = select(agencies).order_by(agencies.c.name, agencies.c.agency_id)
    if not everything:
        stmt = stmt.where(agencies.c.status == "active")
    with dd.engine.connect() as conn:
        rows = conn.execute(stmt).mappings().all()
    for r in rows:
        place = r["place"] or "-"
        if r["successor"]:
            place += _(" (nay là {unit})", unit=describe(r["successor"]) or r["successor"])
        status = _(STATUSES.get(r["status"], r["status"]))
        if r["merged_into"]:
            status += _(" vào {agency}", agency=r["merged_into"])
        click.echo(f"{r['agency_id']}  {r['level']:8s}  {status:8s}  {r['name']}  [{place}]")


@agency.command()
@click.argument("agency_id")
@click.argument("name")
@pass_app
def rename(dd, agency_id: str, name: str) -> None:
    """Give AGENCY_ID the new NAME; the old one stays an alias (old plans still resolve)."""
    with _refusals_said_plainly():
        dd.bus.handle(c.RenameAgency(agency_id, name), cli_actor())
    click.echo(_("{agency} nay mang tên «{name}»", agency=agency_id, name=name))


@agency.command()
@click.argument("agency_id")
@click.argument("into_agency_id")
@click.option("--reason", required=True, help="Why (the decision and its date).")
@pass_app
def merge(dd, agency_id: str, into_agency_id: str, reason: str) -> None:
    """Merge AGENCY_ID into INTO_AGENCY_ID: its unfinished tasks and its people move there."""
    with _refusals_said_plainly():
        moved = dd.bus.handle(c.MergeAgencies(agency_id, into_agency_id, reason), cli_actor())
    click.echo(_("{agency} đã sáp nhập vào {into}: chuyển {tasks} nhiệm vụ và {people} người dùng, giữ "
                 "{aliases} tên cũ làm tên gọi khác", agency=agency_id, into=into_agency_id,
                 tasks=moved.tasks, people=moved.people, aliases=moved.aliases))


@agency.command()
@click.argument("agency_id")
@click.option("--reason", required=True, help="Why (the decision and its date).")
@pass_app
def retire(dd, agency_id: str, reason: str) -> None:
    """Retire AGENCY_ID (abolished, no successor); refused while it has unfinished tasks."""
    with _refusals_said_plainly():
        dd.bus.handle(c.RetireAgency(agency_id, reason), cli_actor())
    click.echo(_("{agency} đã giải thể", agency=agency_id))
