"""After sign-in and a language switch, only a path on this site: parsed, not string-tested."""
import pytest

from service.web.redirects import local_path
from tests.web.world import PASSWORD

HOSTILE = ["/\t/evil.example/phish", "/\n/evil.example", "//evil.example", "/\\evil.example",
           "\\/evil.example", "https://evil.example/", "javascript:alert(1)", "/ /evil.example",
           "evil.example/x", "http:/evil.example", "/\x00/evil.example", "\t//evil.example",
           "///evil.example", "/" + "a" * 3000]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_not_local(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", ["/viec-cua-toi", "/nhiem-vu/t1?tab=2#lich-su", "/ke-hoach/p%2F1"])
def test_paths_of_this_site_are_kept(target):
    assert local_path(target) == target


def test_sign_in_never_sends_away(web, world):
    page = web.get("/dang-nhap?next=%2F%09%2Fevil.example%2Fphish").get_data(as_text=True)
    assert '<input type="hidden" name="next" value="">' in page
    for target in HOSTILE:
        response = web.post("/dang-nhap", {"username": "fp_health", "password": PASSWORD, "next": target})
        assert response.status_code == 302, target
        assert "evil" not in response.headers["Location"], (target, response.headers["Location"])
        web.post("/dang-xuat")


def test_sign_in_returns_to_the_page_asked_for(web, world):
    response = web.post("/dang-nhap", {"username": "fp_health", "password": PASSWORD,
                                       "next": "/viec-cua-toi?x=1"})
    assert response.headers["Location"] == "/viec-cua-toi?x=1"


@pytest.mark.parametrize("target", HOSTILE[:6])
def test_language_switch_never_sends_away(web, world, target):
    response = web.post("/lang/en", {"next": target})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]
