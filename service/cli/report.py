"""dondoc report draft PLAN --period KEY -o FILE.docx"""
from __future__ import annotations

from pathlib import Path

import click

from service.cli.words import _, ngettext, refusal
from service.cli.actor import cli_actor
from service.cli.context import pass_app
from workflows.target_commands import DraftReport


@click.group()
def report() -> None:
    """Consolidated review reports of a plan (Word drafts for the coordinator)."""


@report.command("draft")
@click.argument("plan_id")
@click.option("--period", "period_key", required=True,
              help="The reporting period's key: 2026-H1, 2026-9M, 2026-Y, 2026-Q2, 2026-M03.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .docx file to write.")
@click.option("--with-lower", is_flag=True,
              help="Add the lower plans implementing it (the cascade) and their classification.")
@pass_app
def draft(dd, plan_id: str, period_key: str, output: Path, with_lower: bool) -> None:
    """Write the consolidated report of PLAN for a period as a .docx (Decree 30 layout)."""
    try:
        result = dd.bus.handle(DraftReport(plan_id, period_key, with_lower), cli_actor())
    except Exception as exc:
        message = refusal(exc)
        if message is None:
            raise
        raise click.ClickException(message) from None
    try:
        output.write_bytes(result.data)
    except OSError as exc:
        raise click.ClickException(_("{output}: không ghi được ({reason}); báo cáo đã được ghi nhận là "
                                     "đã soạn", output=output, reason=exc.strerror)) from None
    click.echo(ngettext("{output}: báo cáo của kế hoạch {plan} kỳ {period}, {n} kết quả đã chấp nhận",
                        "{output}: báo cáo của kế hoạch {plan} kỳ {period}, {n} kết quả đã chấp nhận",
                        len(result.task_ids), output=output, plan=plan_id, period=period_key))
