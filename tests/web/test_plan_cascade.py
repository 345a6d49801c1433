"""Issue 19 on the pages: the draft shows which cited plan is linked and lets its coordinator
unlink and link again; the province plan's page shows its cascade; the province coordinator
reads the district plan's tasks and progress, not their results' text and files, and nothing
more (both ways)."""
from __future__ import annotations

import io

import docx
import pytest
from sqlalchemy import select

from service.auth.actors import actor_for
from service.projections.agencies import agencies
from service.projections.tasks import tasks
from service.queries.timeline import REDACTED, task_timeline
from tests.reports.test_consolidated_report import texts
from tests.service.test_cascade import ADMIN, both_active
from tests.web.conftest import signed_in
from tests.web.world import PASSWORD
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import PermissionDenied, can


@pytest.fixture
def cascade(dd):
    province, district = both_active(dd)
    with dd.engine.connect() as conn:
        a_task = conn.execute(select(tasks.c.task_id, tasks.c.agency_id)
                              .where(tasks.c.plan_id == district, tasks.c.period_key.is_(None))).first()
    people = {}
    for username, role, plans, agency in (("tinh", "coordinator", (province,), None),
                                          ("huyen", "coordinator", (district,), None),
                                          ("xa", "focal_point", (), a_task.agency_id)):
        people[username] = dd.bus.handle(c.AddPerson(Profile(
            username=username, name=f"Người {username}", role=role, agency_id=agency, plan_ids=plans,
            email=f"{username}@example.gov.vn"), password=PASSWORD), ADMIN)
    fp = actor_for_conn(dd, people["xa"])
    dd.bus.handle(c.SubmitResult(a_task.task_id, None, text="Đã tổ chức 3 buổi tuyên truyền"), fp)
    return dict(province=province, district=district, task=a_task.task_id, people=people)


def actor_for_conn(dd, person_id):
    with dd.engine.connect() as conn:
        return actor_for(conn, person_id)


def test_the_province_coordinator_reads_down_the_cascade_and_nothing_more(dd, cascade):
    tinh = actor_for_conn(dd, cascade["people"]["tinh"])
    huyen = actor_for_conn(dd, cascade["people"]["huyen"])
    assert tinh.cascade_plan_ids == {cascade["district"]} and huyen.cascade_plan_ids == frozenset()
    with dd.engine.connect() as conn:
        row = conn.execute(select(tasks).where(tasks.c.task_id == cascade["task"])).first()
        province_task = conn.execute(select(tasks).where(tasks.c.plan_id == cascade["province"])).first()
        seen_by_tinh = task_timeline(conn, cascade["task"], tinh)
        seen_by_huyen = task_timeline(conn, cascade["task"], huyen)
    assert can(tinh, "view", row) and not can(huyen, "view", province_task)  # down, never up
    for action in ("comment", "accept", "return", "reassign", "cancel", "grant_extension", "share_submission"):
        assert not can(tinh, action, row), action
    assert not can(tinh, "view", type("P", (), {"plan_id": cascade["district"]})())  # not the draft
    submitted = [e.data for e in seen_by_tinh if e.type == "ResultSubmitted"]
    assert submitted and all(d.get("redacted") for d in submitted)  # the result's text and files: no
    assert [e.data["text"] for e in seen_by_huyen if e.type == "ResultSubmitted"] == ["Đã tổ chức 3 buổi tuyên truyền"]
    with pytest.raises(PermissionDenied):
        dd.bus.handle(c.CommentOnTask(cascade["task"], None, text="?"), tinh)
    with pytest.raises(PermissionDenied):
        dd.bus.handle(c.UnlinkPlan(cascade["district"], cascade["province"], "không"), tinh)


def test_the_pages(app, dd, cascade):
    tinh, huyen = signed_in(app, "tinh"), signed_in(app, "huyen")
    page = tinh.text(f"/ke-hoach/{cascade['province']}")
    assert 'id="cap-duoi"' in page and f'data-lower="{cascade["district"]}"' in page
    with dd.engine.connect() as conn:
        missing = conn.execute(select(agencies.c.agency_id)
                               .where(agencies.c.name == "Ủy ban nhân dân huyện Giồng Riềng")).scalar()
    assert f'data-missing="{missing}"' in page and "Chưa ban hành kế hoạch" in page
    assert 'name="cap_duoi"' in page  # the consolidated report's option
    report = tinh.post(f"/ke-hoach/{cascade['province']}/bao-cao", {"period": "2022-H1", "cap_duoi": "1"})
    words = "\n".join(texts(docx.Document(io.BytesIO(report.data))))
    assert report.status_code == 200 and "KẾ HOẠCH CẤP DƯỚI" in words and "45/KH-UBND" in words
    with dd.engine.connect() as conn:
        done = conn.execute(select(tasks.c.task_id).where(tasks.c.plan_id == cascade["province"],
                                                          tasks.c.state == "done")).scalar_one()
    assert ("Hoàn thành: đơn vị đã ban hành kế hoạch số 45/KH-UBND thực hiện kế hoạch này"
            in tinh.text(f"/nhiem-vu/{done}"))  # the timeline's sentence, by the system
    assert tinh.get(f"/ke-hoach/{cascade['district']}").status_code == 404  # not its draft
    assert tinh.get(f"/nhiem-vu/{cascade['task']}").status_code == 200  # its task, read only
    assert cascade["district"] in tinh.text(f"/tong-hop?plan={cascade['district']}")
    assert huyen.get(f"/ke-hoach/{cascade['province']}").status_code == 404  # never up

    with dd.engine.connect() as conn:  # an agency reporting in the district plan only
        lower_only = conn.execute(select(tasks.c.agency_id).where(
            tasks.c.plan_id == cascade["district"], tasks.c.period_key.is_not(None),
            tasks.c.agency_id.not_in(select(tasks.c.agency_id).where(tasks.c.plan_id == cascade["province"])))
        ).scalars().first()
        police = conn.execute(select(agencies.c.agency_id).where(agencies.c.name == "Công an tỉnh")).scalar_one()
    grid = f"/tong-hop/bao-cao?plan={cascade['province']}"
    assert lower_only and f'data-agency="{lower_only}"' not in tinh.text(grid)
    assert f'data-agency="{lower_only}"' in tinh.text(grid + "&cap_duoi=1")  # the report grid, all levels
    assert f'data-agency="{police}"' in tinh.text(grid)
    assert f'data-agency="{police}"' not in huyen.text(grid + "&cap_duoi=1")  # never up the cascade

    draft = huyen.text(f"/ke-hoach/{cascade['district']}")
    assert f'data-linked="{cascade["province"]}"' in draft and "Đã liên kết" in draft
    huyen.post(f"/ke-hoach/{cascade['district']}/bo-lien-ket", {"higher_plan_id": cascade["province"], "reason": ""})
    assert f'data-linked="{cascade["province"]}"' in huyen.text(f"/ke-hoach/{cascade['district']}")  # a reason is needed
    huyen.post(f"/ke-hoach/{cascade['district']}/bo-lien-ket", {"higher_plan_id": cascade["province"],
                                                                 "reason": "Nhầm kế hoạch"})
    draft = huyen.text(f"/ke-hoach/{cascade['district']}")
    assert "data-linked" not in draft and "Chưa liên kết; có thể là:" in draft
    assert "mà liên kết này đã hoàn thành được mở lại" in draft  # the district's own, done by this plan
    assert f'data-lower="{cascade["district"]}"' not in tinh.text(f"/ke-hoach/{cascade['province']}")
    huyen.post(f"/ke-hoach/{cascade['district']}/lien-ket", {"higher_plan_id": cascade["province"]})
    assert f'data-linked="{cascade["province"]}"' in huyen.text(f"/ke-hoach/{cascade['district']}")
