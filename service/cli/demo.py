"""dondoc demo: an SQLite database with the seed plans and a year of simulated work."""
import sys

import click

from service import migrate
from service.cli.context import get_app
from service.cli.words import ROLE_NAMES, _


@click.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Create the demo data (once) in the configured database."""
    from service.demo.seed import PASSWORD, build_demo

    dd = get_app(ctx).extensions["dondoc"]
    migrate.upgrade(dd.engine)
    phases = _Phases()
    try:
        report = build_demo(dd, dd.clock.now(), phases)
    finally:
        phases.close()
    if report.already:
        click.echo(_("demo: cơ sở dữ liệu đã có kế hoạch; không thêm gì"))
        return
    click.echo(_("demo: đã kích hoạt {plans} kế hoạch, {tasks} nhiệm vụ", plans=report.plans,
                 tasks=report.tasks))
    click.echo(_("đăng nhập bằng một trong các tài khoản sau (mật khẩu: {password}):", password=PASSWORD))
    for username, role in report.people:
        click.echo(f"  {username:10s} {_(ROLE_NAMES.get(role, role))}")


class _Phases:
    """One progress bar a phase of the demo, each closed before the next starts."""

    def __init__(self):
        self.bar = None

    def __call__(self, label: str, total: int):
        self.close()
        self.bar = click.progressbar(length=total, label=_(label), file=sys.stderr)
        self.bar.__enter__()
        return self.bar.update

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
