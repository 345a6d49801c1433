"""Sessions end on the server: sign-out everywhere, a password change, an absolute lifetime."""
from datetime import timedelta

from service.auth.credentials import set_password
from tests.web.conftest import Web, signed_in


def copy_of(app, web: Web) -> Web:
    """Another browser holding the same cookie, as one kept from before a sign-out."""
    other = Web(app.test_client())
    other.client.set_cookie("session", web.client.get_cookie("session").value)
    return other


def test_a_cookie_kept_from_before_sign_out_stops_working(app, world):
    fp = signed_in(app, "fp_health")
    kept = copy_of(app, fp)
    assert kept.get("/viec-cua-toi").status_code == 200
    fp.post("/dang-xuat")
    assert kept.get("/viec-cua-toi").status_code == 302


def test_sign_out_ends_the_sessions_on_every_device(app, world):
    phone, desk = signed_in(app, "fp_health"), signed_in(app, "fp_health")
    phone.post("/dang-xuat")
    assert desk.get("/viec-cua-toi").status_code == 302
    assert signed_in(app, "fp_health").get("/viec-cua-toi").status_code == 200


def test_a_password_changed_by_an_administrator_ends_the_old_sessions(app, dd, world, clock):
    fp = signed_in(app, "fp_health")
    with dd.engine.begin() as conn:
        set_password(conn, world.people["fp_health"], "mat-khau-moi-456", clock.now())
    assert fp.get("/viec-cua-toi").status_code == 302


def test_the_lifetime_is_absolute_however_busy_the_session(app, world, clock):
    fp = signed_in(app, "fp_health")
    for _ in range(16):  # a request every half hour keeps Flask's own expiry sliding
        clock.advance(timedelta(minutes=29, seconds=50))
        assert fp.get("/viec-cua-toi").status_code == 200
    clock.advance(timedelta(minutes=3))
    response = fp.get("/viec-cua-toi")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_a_person_changes_their_own_password_and_only_this_session_goes_on(app, world):
    from tests.web.world import PASSWORD

    desk, phone = signed_in(app, "fp_health"), signed_in(app, "fp_health")
    assert "Đổi mật khẩu" in desk.text("/viec-cua-toi")
    desk.get("/doi-mat-khau")
    wrong = desk.post("/doi-mat-khau", {"current": "khong-dung-1", "password": "mat-khau-moi-456",
                                        "confirm": "mat-khau-moi-456"})
    assert wrong.status_code == 400 and "Mật khẩu hiện tại không đúng." in wrong.get_data(as_text=True)
    weak = desk.post("/doi-mat-khau", {"current": PASSWORD, "password": "12345678", "confirm": "12345678"})
    assert weak.status_code == 400 and phone.get("/viec-cua-toi").status_code == 200  # nothing changed
    done = desk.post("/doi-mat-khau", {"current": PASSWORD, "password": "mat-khau-moi-456",
                                       "confirm": "mat-khau-moi-456"}, follow_redirects=True)
    assert "Đã đổi mật khẩu" in done.get_data(as_text=True)
    assert desk.get("/viec-cua-toi").status_code == 200  # this session goes on
    assert phone.get("/viec-cua-toi").status_code == 302  # the other one ended
    assert Web(app.test_client()).sign_in("fp_health", PASSWORD).status_code == 401
    assert Web(app.test_client()).sign_in("fp_health", "mat-khau-moi-456").status_code == 302


def test_the_api_neither_reads_nor_refreshes_the_pages_session(app, world):
    """The API authenticates by bearer token alone: a signed-in browser's cookie is no
    credential there, and an API answer never sets nor varies on the cookie."""
    fp = signed_in(app, "fp_health")
    answer = fp.client.get("/api/v1/tasks")
    assert answer.status_code == 401 and answer.json["error"] == "unauthorized"
    assert "Set-Cookie" not in answer.headers
    assert "Cookie" not in answer.headers.get("Vary", "")
    page = fp.get("/viec-cua-toi")  # the pages still refresh it
    assert page.status_code == 200 and "session=" in page.headers.get("Set-Cookie", "")
