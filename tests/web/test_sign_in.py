"""Sign-in, sessions that expire, limits on attempts, CSRF on every form, password reset."""
import re
from datetime import timedelta



def test_sign_in_sends_each_role_home(as_user, world):
    assert as_user("fp_health").get("/").headers["Location"].endswith("/viec-cua-toi")
    assert as_user("coord").get("/").headers["Location"].endswith("/tong-hop")


def test_pages_need_sign_in(web, world):
    response = web.get("/viec-cua-toi")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_wrong_password_is_refused_in_vietnamese(web, world):
    response = web.sign_in("fp_health", "sai-mat-khau")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)


def test_five_failures_make_this_address_wait(web, world):
    for _ in range(5):
        web.sign_in("fp_health", "sai-mat-khau")
    response = web.sign_in("fp_health")  # the right password, but this address must wait
    assert response.status_code == 429
    assert "tạm khóa" in response.get_data(as_text=True)


def test_one_address_is_limited_across_usernames(app, web, world):
    app.config["SIGNIN_LIMIT_PER_IP"] = 3
    for name in ("a", "b", "c"):
        web.sign_in(name, "x")
    response = web.sign_in("fp_health")
    assert response.status_code == 429


def test_session_is_permanent_for_eight_hours(app, as_user, world):
    assert app.permanent_session_lifetime == timedelta(hours=8)
    fp = as_user("fp_health")
    cookie = fp.client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None


def test_forms_without_csrf_token_are_refused(as_user, world):
    fp = as_user("fp_health")
    response = fp.post(f"/nhiem-vu/{world.one_off}/start", {"version": "1"}, token=False)
    assert response.status_code == 400
    assert "hết hạn" in response.get_data(as_text=True)


def test_sign_in_form_itself_needs_the_token(web, world):
    assert web.post("/dang-nhap", {"username": "fp_health", "password": "x"}, token=False).status_code == 400


def test_api_is_not_under_csrf(client, world):
    response = client.post("/api/nothing-here", json={})
    assert response.status_code != 400 or b"CSRF" not in response.data


def test_sign_out(as_user, world):
    fp = as_user("fp_health")
    fp.post("/dang-xuat")
    assert fp.get("/viec-cua-toi").status_code == 302


def send_queued(dd, smtp_server):
    from notifications.email import SmtpSettings, SmtpTransport
    from service.outbox.dispatcher import Dispatcher

    smtp = SmtpTransport(SmtpSettings(host=smtp_server.host, port=smtp_server.port,
                                      sender="Đôn đốc <dondoc@example.gov.vn>"))
    return Dispatcher(dd, smtp, None, "reset-test").run_once(dd.clock.now())


def test_password_reset_by_email(app, dd, web, world, smtp_server):
    web.post("/quen-mat-khau", {"who": "fp_health"})
    assert smtp_server.handler.received == []  # the page never waits for the relay
    assert send_queued(dd, smtp_server).sent == 1  # the outbox carries it
    (mail,) = smtp_server.handler.received
    assert mail.envelope.rcpt_tos == ["fp_health@example.gov.vn"]
    body = mail.message.get_body(("plain",)).get_content()
    link = re.search(r"http://\S+/dat-lai-mat-khau/\S+", body).group(0)
    path = link.split("127.0.0.1:5000", 1)[-1]
    assert web.get(path).status_code == 200
    web.post(path, {"password": "mat-khau-moi-1", "confirm": "mat-khau-moi-1"})
    assert web.sign_in("fp_health", "mat-khau-moi-1").status_code == 302
    # the link worked once
    assert web.get(path).headers["Location"].endswith("/quen-mat-khau")


def test_reset_for_unknown_person_says_the_same_and_sends_nothing(dd, web, world, smtp_server):
    response = web.post("/quen-mat-khau", {"who": "nobody"}, follow_redirects=True)
    assert "Nếu tài khoản có địa chỉ email" in response.get_data(as_text=True)
    assert send_queued(dd, smtp_server).claimed == 0 and smtp_server.handler.received == []


def test_expired_or_forged_reset_link(web, world, clock):
    response = web.get("/dat-lai-mat-khau/forged.token.value")
    assert response.headers["Location"].endswith("/quen-mat-khau")
