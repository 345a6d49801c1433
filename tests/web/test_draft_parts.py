"""The draft editor a part at a time: a part's form saves every change it holds as one
correction event; a field that is not valid is named with what to type and nothing is written;
a form with no change writes nothing."""
from __future__ import annotations

from sqlalchemy import select

from service.eventlog.store import EventStore
from service.projections.plans import plans
from tests.web.test_plans_import import seed_file, upload


def _imported(coord, dd):
    response = upload(coord, seed_file().name, seed_file().read_bytes())
    plan_id = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    return plan_id


def _plan(dd, plan_id):
    with dd.engine.connect() as conn:
        return conn.execute(select(plans.c.version, plans.c.draft).where(plans.c.plan_id == plan_id)).one()


def _corrections(dd, plan_id):
    with dd.engine.connect() as conn:
        return [e for e in EventStore(conn).read_stream(f"plan-{plan_id}") if e.type == "DraftCorrected"]


def test_the_header_is_one_form_and_its_changes_one_event(as_user, dd, world):
    coord = as_user("coord")
    plan_id = _imported(coord, dd)
    page = coord.text(f"/ke-hoach/{plan_id}")
    header = page.split('id="header"')[1].split("<h3>")[0]  # the header, before targets and reporting
    assert header.count("<form") == 1 and 'name="f:number"' in header and 'name="f:period/start"' in header
    version, draft = _plan(dd, plan_id)
    coord.post(f"/ke-hoach/{plan_id}/sua-phan", {
        "version": version, "part": "header", "f:number": "99/KH-UBND", "f:title": draft["title"],
        "f:issuer": draft.get("issuer") or "UBND phường", "f:issued_on": "05/01/2025",
        "f:period/start": "01/01/2025", "f:period/end": "31/12/2025"})
    after = _plan(dd, plan_id).draft
    assert after["number"] == "99/KH-UBND" and after["issued_on"] == "2025-01-05"
    assert after["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    events = _corrections(dd, plan_id)
    assert len(events) == 1
    assert {c.path for c in events[0].event.corrections} >= {"number", "issued_on", "period"}
    assert "title" not in {c.path for c in events[0].event.corrections}  # unchanged: not corrected


def test_a_bad_field_is_named_and_nothing_is_written(as_user, dd, world):
    coord = as_user("coord")
    plan_id = _imported(coord, dd)
    version, draft = _plan(dd, plan_id)
    response = coord.post(f"/ke-hoach/{plan_id}/sua-phan", {
        "version": version, "part": "header", "f:number": "100/KH-UBND", "f:issued_on": "31/02/2025",
        "f:period/start": "01/12/2025", "f:period/end": "01/01/2025"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Ngày ban hành: nhập ngày theo dạng dd/mm/yyyy." in html
    assert "Thời gian thực hiện: nhập từ ngày và đến ngày theo dạng dd/mm/yyyy" in html
    assert _plan(dd, plan_id).draft["number"] == draft["number"] and not _corrections(dd, plan_id)


def test_a_form_with_no_change_writes_nothing(as_user, dd, world):
    coord = as_user("coord")
    plan_id = _imported(coord, dd)
    version, draft = _plan(dd, plan_id)
    response = coord.post(f"/ke-hoach/{plan_id}/sua-phan", {
        "version": version, "part": "assignments/0",
        "f:assignments/0/agencies": "\n".join(draft["assignments"][0]["agencies"]),
        "f:assignments/0/role": draft["assignments"][0]["role"]}, follow_redirects=True)
    assert "Không có gì thay đổi." in response.get_data(as_text=True) and not _corrections(dd, plan_id)


def test_a_field_left_empty_as_it_was_is_no_change(as_user, dd, world):
    coord = as_user("coord")
    plan_id = _imported(coord, dd)
    version, draft = _plan(dd, plan_id)
    assert not draft.get("number")  # this ward's plan has no number
    coord.post(f"/ke-hoach/{plan_id}/sua-phan", {"version": version, "part": "header", "f:number": ""})
    assert not _corrections(dd, plan_id)  # nothing refused, nothing written
    page = coord.post(f"/ke-hoach/{plan_id}/sua-phan", {
        "version": version, "part": "header", "f:number": "",
        "f:period/start": "01/01/2025", "f:period/end": "31/12/2025"}, follow_redirects=True)
    assert "không được để trống" not in page.get_data(as_text=True)
    assert _plan(dd, plan_id).draft["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
