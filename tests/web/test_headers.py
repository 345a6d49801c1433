"""Cookies carry SameSite (and Secure behind HTTPS); every response forbids framing, limits
what the page may load, and keeps addresses (with their signed links) to this site."""
from service.app import create_app
from service.web.headers import CSP
from tests.web.conftest import Web, signed_in


def cookie_header(response) -> str:
    return next(v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("session="))


def test_the_session_cookie_is_samesite_lax_and_httponly(app, world):
    web = Web(app.test_client())
    response = web.sign_in("fp_health")
    header = cookie_header(response)
    assert "SameSite=Lax" in header and "HttpOnly" in header and "Secure" not in header


def test_secure_cookies_for_https_deployments(app, world, tmp_path, monkeypatch):
    dd = app.extensions["dondoc"]
    for config in ({"SECURE_COOKIES": "1"}, {}):
        if not config:
            monkeypatch.setenv("DONDOC_BASE_URL", "https://dondoc.example.gov.vn")
        other = create_app({"TESTING": True, "ENGINE": dd.engine, "CLOCK": dd.clock,
                            "INSTANCE_PATH": str(tmp_path / str(len(config))), **config})
        assert other.config["SESSION_COOKIE_SECURE"] is True
        response = Web(other.test_client()).sign_in("fp_health")
        assert "Secure" in cookie_header(response)


def test_every_page_and_the_api_forbid_framing(app, world):
    fp = signed_in(app, "fp_health")
    for url in ("/dang-nhap", "/viec-cua-toi", f"/nhiem-vu/{world.one_off}", "/api/v1/openapi.json",
                "/khong-co-trang-nay"):
        headers = fp.get(url).headers
        assert headers["Content-Security-Policy"] == CSP, url
        assert "frame-ancestors 'none'" in CSP and headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin" and headers["X-Content-Type-Options"] == "nosniff"
