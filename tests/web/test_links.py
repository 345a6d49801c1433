"""The signed link that stops a channel in one click (task links: test_task_link)."""
from sqlalchemy import select

from service.links import links_for
from service.projections.people import people


def channels(dd, person_id):
    with dd.engine.connect() as conn:
        return conn.execute(select(people.c.channels).where(people.c.person_id == person_id)).scalar()


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
