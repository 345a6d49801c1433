"""Every page (tests.web.page_walk), as each role sees it in Vietnamese, on the demo's year of
work plus a draft just imported: no English word outside the allowed terms
(tests.web.vietnamese_words)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from service.demo.seed import PASSWORD, build_demo
from service.projections.people import people
from service.projections.plan_sources import plan_sources
from service.projections.plans import plans
from service.projections.tasks import tasks
from service.scheduler.sweep import sweep
from tests.web.conftest import Web
from tests.web.page_walk import page_urls
from tests.web.vietnamese_words import english_words, visible_text
from workflows import commands as c
from workflows.permissions import Actor

NOW = datetime(2026, 9, 21, 3, 0, tzinfo=timezone.utc)  # a Monday, 10:00 in Vietnam
ROBUST = Path(__file__).resolve().parents[2].parent / "shared" / "plans" / "robustness"
ROLES = ("dieuphoi", "daumoi1", "lanhdao", "quantri")


@pytest.fixture
def demo(app, dd, clock):
    clock.set(NOW)
    build_demo(dd, NOW)
    sweep(dd, NOW)  # reminders and escalations of the day, in the timelines
    draft = "Kế hoạch không số, chưa có thời hạn, để duyệt.\n\n" + _a_robustness_plan()
    admin = Actor("test:setup", "administrator")
    dd.bus.handle(c.ImportPlan("nhap.txt", draft.encode()), admin)
    with dd.engine.connect() as conn:
        return {"tasks": _one_per_state(conn), "all_tasks": conn.execute(select(tasks.c.task_id)).scalars().all(),
                "plans": conn.execute(select(plans.c.plan_id)).scalars().all(),
                "people": conn.execute(select(people.c.person_id)).scalars().all()[:3],
                "agencies": conn.execute(select(tasks.c.agency_id).distinct()).scalars().all()[:2],
                "plans_words": _plans_words(conn)}


def _plans_words(conn) -> set[str]:
    """The plans' own words (a drug's name, "karaoke", a misspelling): quoted on the pages,
    they are the plan's, not the page's language."""
    lines = conn.execute(select(plan_sources.c.lines)).scalars().all()
    return {w for text in lines for w in english_words("\n".join(text))}


def _a_robustness_plan() -> str:
    """A commune's plan from ../shared (as CI has it), else a seed plan of the repository."""
    files = sorted(ROBUST.glob("*.txt")) if ROBUST.exists() else []
    if not files:
        files = sorted((Path(__file__).resolve().parents[2] / "service" / "demo" / "plans").glob("*.txt"))
    return files[0].read_text(encoding="utf-8")


def _one_per_state(conn) -> list[str]:
    rows = conn.execute(select(tasks.c.task_id, tasks.c.state).order_by(tasks.c.task_id)).all()
    first = {}
    for task_id, state in rows:
        first.setdefault(state, task_id)
    return list(first.values())


def _urls(app, demo) -> list[str]:
    return page_urls(app, demo["tasks"], demo["plans"], demo["people"], demo["agencies"])


@pytest.mark.slow
def test_no_english_on_any_page_in_vietnamese(app, demo):
    english = {}
    for username in ROLES:
        web = Web(app.test_client())
        assert web.sign_in(username, PASSWORD).status_code == 302
        for url in _urls(app, demo):
            response = web.get(url)
            if response.mimetype != "text/html" or 300 <= response.status_code < 400:
                continue  # a file, or a redirect nobody reads
            words = set(english_words(visible_text(response.get_data(as_text=True))))
            words -= demo["plans_words"]
            if words:
                english[f"{username} {url} ({response.status_code})"] = sorted(set(words))
    coordinator = Web(app.test_client())
    coordinator.sign_in("dieuphoi", PASSWORD)
    for task_id in demo["all_tasks"]:  # every timeline and message box of the demo's year
        words = set(english_words(visible_text(coordinator.text(f"/nhiem-vu/{task_id}"))))
        if words - demo["plans_words"]:
            english[f"dieuphoi /nhiem-vu/{task_id}"] = sorted(words - demo["plans_words"])
    assert not english, "English on Vietnamese pages:\n" + "\n".join(
        f"  {where}: {words}" for where, words in english.items())


def test_the_walk_would_see_english():
    assert english_words(visible_text("<p>Số điện thoại không hợp lệ: invalid phone</p>")) == [
        "invalid", "phone"]
    assert english_words(visible_text("<p>Công an tỉnh, UBND các xã, email, SMS</p>")) == []
    assert english_words(visible_text('<input type="submit" value="Send"><script>var x</script>')) == ["Send"]
    assert english_words(visible_text('<div translate="no"><div>Methadone</div></div><p>test</p>')) == ["test"]
    assert english_words("Xem https://dondoc.example.gov.vn/nv/1 hoặc hỏi dau-moi@so-yte.gov.vn") == []
