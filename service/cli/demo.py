"""dondoc demo: an SQLite database with the seed plans and a year of simulated work."""
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
    report = build_demo(dd, dd.clock.now())
    if report.already:
        click.echo(_("demo: cơ sở dữ liệu đã có kế hoạch; không thêm gì"))
        return
    click.echo(_("demo: đã kích hoạt {plans} kế hoạch, {tasks} nhiệm vụ", plans=report.plans,
                 tasks=report.tasks))
    click.echo(_("đăng nhập bằng một trong các tài khoản sau (mật khẩu: {password}):", password=PASSWORD))
    for username, role in report.people:
        click.echo(f"  {username:10s} {_(ROLE_NAMES.get(role, role))}")
