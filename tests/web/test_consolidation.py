"""The recipient's consolidation task shows the reports received for its period."""
from sqlalchemy import select

from service.projections.agencies import agencies
from service.projections.tasks import tasks
from workflows import commands as c
from workflows.permissions import Actor


def test_the_consolidation_task_counts_the_reports_received(as_user, dd, world):
    dd.bus.handle(c.SubmitResult(world.report_h1, text="Báo cáo 6 tháng"),
                  Actor("fp", "focal_point", agency_id=world.health))
    with dd.engine.connect() as conn:
        tid, recipient = conn.execute(
            select(tasks.c.task_id, agencies.c.name).join(agencies, agencies.c.agency_id == tasks.c.agency_id)
            .where(tasks.c.duty_id.like("%:c"), tasks.c.period_key == "2022-H1")).one()
    assert recipient == "Sở LĐTBXH"
    html = as_user("coord").text(f"/nhiem-vu/{tid}")
    assert "Báo cáo đã nhận: 1/2" in html and "1 đúng hạn, 0 trễ hạn" in html
    assert "Chưa gửi:" in html and "Công an tỉnh" in html.split("Chưa gửi:")[1].split("</p>")[0]
    assert "Sở Y tế" not in html.split("Chưa gửi:")[1].split("</p>")[0]
    report = as_user("fp_health").text(f"/nhiem-vu/{world.report_h1}")
    assert "Báo cáo đã nhận" not in report  # a sender's own task has no such count
