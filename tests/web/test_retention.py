"""Retention per plan: the files submitted for a plan's tasks are erased a set number of days
after the plan's period ends, by the scheduler's job (time as its argument), leaving an event
that says which files and when; the task's history shows it; a download says the file is gone."""
from datetime import datetime
from pathlib import Path

import pytest

from service.retention import erase_expired
from tests.web.test_file_reads import submit_a_file
from tests.web.world import ADMIN
from workflows import commands as c
from workflows.localtime import VN_TZ
from workflows.plans import PlanRefused
from workflows.task_events import SubmissionFilesErased

# plan p1 runs through 31/12/2022; kept 30 days after: erased from 31/01/2023 (local)
LAST_KEPT = datetime(2023, 1, 30, 23, 59, tzinfo=VN_TZ)
FIRST_ERASED = datetime(2023, 1, 31, 0, 1, tzinfo=VN_TZ)  # still 30/01 in UTC


def uploaded(dd, key) -> Path:
    return Path(dd.settings.instance_path) / "uploads" / key


def erasures(dd, task_id):
    with dd.engine.connect() as conn:
        from service.eventlog.store import EventStore

        return [e for e in EventStore(conn).read_stream(f"task-{task_id}")
                if isinstance(e.event, SubmissionFilesErased)]


def test_files_are_erased_after_the_plans_retention_and_the_task_says_so(app, dd, as_user, world):
    fp = as_user("fp_health")
    key = submit_a_file(fp, world)
    dd.bus.handle(c.SetPlanRetention("p1", 30), ADMIN)
    assert uploaded(dd, key).is_file()

    assert erase_expired(dd, LAST_KEPT).files == 0  # the last day it is kept
    assert uploaded(dd, key).is_file() and erasures(dd, world.one_off) == []

    report = erase_expired(dd, FIRST_ERASED)
    assert (report.plans, report.tasks, report.files) == (1, 1, 1)
    assert not uploaded(dd, key).exists()
    [erased] = erasures(dd, world.one_off)
    assert [(f.name, f.storage_key) for f in erased.event.files] == [("danh sach.pdf", key)]
    assert erased.event.erased_at == FIRST_ERASED and erased.meta["actor"] == "scheduler"
    assert (erased.event.plan_closed_on.isoformat(), erased.event.retention_days) == ("2022-12-31", 30)

    page = fp.text(f"/nhiem-vu/{world.one_off}")
    assert "Xóa 1 tệp đính kèm của kết quả đã gửi theo thời hạn lưu trữ (30 ngày sau khi kế " \
           "hoạch kết thúc ngày 31/12/2022)" in page
    assert "đã xóa 31/01/2023 00:01 theo thời hạn lưu trữ" in page
    assert f"/tep/{key}" not in page  # no link to a file that is gone
    gone = fp.get(f"/nhiem-vu/{world.one_off}/tep/{key}")
    assert gone.status_code == 410
    assert "Tệp danh sach.pdf đã được xóa ngày 31/01/2023 00:01 theo thời hạn lưu trữ của kế " \
           "hoạch (30 ngày sau khi kế hoạch kết thúc ngày 31/12/2022)" in gone.get_data(as_text=True)

    again = erase_expired(dd, FIRST_ERASED)
    assert (again.tasks, again.files, again.leftovers) == (0, 0, 0)
    assert len(erasures(dd, world.one_off)) == 1


def test_a_file_left_by_a_run_that_died_after_recording_is_removed_next_time(app, dd, as_user,
                                                                             world):
    key = submit_a_file(as_user("fp_health"), world)
    dd.bus.handle(c.SetPlanRetention("p1", 0), ADMIN)
    data = uploaded(dd, key).read_bytes()
    assert erase_expired(dd, FIRST_ERASED).files == 1
    uploaded(dd, key).write_bytes(data)  # as if the run died between the event and the unlink
    report = erase_expired(dd, FIRST_ERASED)
    assert (report.files, report.leftovers) == (0, 1) and not uploaded(dd, key).exists()


def test_without_retention_files_are_kept(app, dd, as_user, world):
    key = submit_a_file(as_user("fp_health"), world)
    dd.bus.handle(c.SetPlanRetention("p1", 30), ADMIN)
    dd.bus.handle(c.SetPlanRetention("p1", None), ADMIN)  # changed its mind: keep them
    assert erase_expired(dd, datetime(2040, 1, 1, tzinfo=VN_TZ)).files == 0
    assert uploaded(dd, key).is_file()


@pytest.mark.parametrize("days", [-1, "30", 1.5, True])
def test_a_bad_retention_is_refused_naming_it(dd, world, days):
    with pytest.raises(PlanRefused, match="retention_days must be"):
        dd.bus.handle(c.SetPlanRetention("p1", days), ADMIN)


def test_an_erasure_names_no_file_of_a_submission_the_reader_may_not_read(app, dd, as_user,
                                                                          world):
    """Submissions belong to the agency that wrote them: after a reassignment the new agency
    sees that files were erased, not their names."""
    from service.queries.timeline import task_timeline
    from workflows.permissions import Actor

    key = submit_a_file(as_user("fp_health"), world)
    coord = Actor(world.people["coord"], "coordinator", plan_ids=("p1",))
    dd.bus.handle(c.ReturnSubmission(world.one_off, reason="Cần chuyển đơn vị khác"), coord)
    dd.bus.handle(c.ReassignTask(world.one_off, to_agency_id=world.police, reason="Đúng chức năng"),
                  coord)
    dd.bus.handle(c.SetPlanRetention("p1", 0), ADMIN)
    assert erase_expired(dd, FIRST_ERASED).files == 1
    police = Actor(world.people["fp_police"], "focal_point", agency_id=world.police)
    with dd.engine.connect() as conn:
        seen = {who: [e.data for e in task_timeline(conn, world.one_off, actor)
                      if e.type == "SubmissionFilesErased"] for who, actor in
                (("police", police), ("coord", coord))}
    assert seen["police"] == [{**seen["police"][0], "files": [{"redacted": True}]}]
    assert seen["coord"][0]["files"][0]["storage_key"] == key
    page = as_user("fp_police").text(f"/nhiem-vu/{world.one_off}")
    assert "Xóa 1 tệp đính kèm" in page and "danh sach.pdf" not in page
