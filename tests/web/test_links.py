"""The signed links messages carry: open the task in one click, stop a channel in one click."""
from sqlalchemy import select

from service.links import links_for
from service.projections.people import people


def channels(dd, person_id):
    with dd.engine.connect() as conn:
        return conn.execute(select(people.c.channels).where(people.c.person_id == person_id)).scalar()


def test_a_task_link_opens_the_task_after_sign_in(app, dd, world, as_user):
    link = links_for(dd).task(world.one_off, world.people["fp_health"])
    path = link.split("5000", 1)[1]
    anonymous = app.test_client().get(path)
    assert anonymous.status_code == 302 and f"/nhiem-vu/{world.one_off}" in anonymous.headers["Location"]
    user = as_user("fp_health")
    page = user.get(path, follow_redirects=True)
    assert page.status_code == 200 and world.one_off in page.request.path


def test_an_altered_link_is_refused(app, dd, world):
    link = links_for(dd).task(world.one_off, world.people["fp_health"])
    path = link.split("5000", 1)[1]
    assert app.test_client().get(path[:-3] + "xyz").status_code == 404


def test_one_click_unsubscribe_without_session_or_form_token(app, dd, world):
    person = world.people["fp_health"]
    path = links_for(dd).unsubscribe(person, "email").split("5000", 1)[1]
    client = app.test_client()
    assert "email" in channels(dd, person)
    assert client.get(path).status_code == 200 and "email" in channels(dd, person)  # GET asks
    response = client.post(path, data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "email" not in channels(dd, person)
    assert client.post(path).status_code == 200  # twice is harmless
    forged = path.replace(path[-6:], "AAAAAA")
    assert client.post(forged).status_code == 404
