"""Sign-in limits per account and address, in the database: nobody locks anyone out from
elsewhere, unknown accounts answer like real ones, waits grow, and every worker sees them."""
from datetime import timedelta

from service.app import create_app
from tests.web.conftest import Web
from tests.web.world import PASSWORD


def from_address(app, address: str) -> Web:
    web = Web(app.test_client())
    web.client.environ_base["REMOTE_ADDR"] = address
    return web


def test_five_failures_from_elsewhere_do_not_lock_the_person_out(app, world):
    attacker, owner = from_address(app, "203.0.113.9"), from_address(app, "198.51.100.7")
    for _ in range(6):
        attacker.sign_in("fp_health", "sai-mat-khau")
    assert attacker.sign_in("fp_health").status_code == 429  # the attacker waits, right or wrong
    assert owner.sign_in("fp_health").status_code == 302


def test_unknown_and_existing_accounts_answer_alike(app, world):
    web = from_address(app, "203.0.113.10")
    answers = {}
    for name in ("fp_health", "khong-ton-tai"):
        seen = [web.sign_in(name, "sai-mat-khau") for _ in range(6)]
        answers[name] = [(r.status_code, "tạm khóa" in r.get_data(as_text=True)) for r in seen]
    assert answers["fp_health"] == answers["khong-ton-tai"]
    assert answers["fp_health"][-1] == (429, True) and answers["fp_health"][0] == (401, False)


def test_the_wait_doubles_and_then_lets_the_right_password_in(app, world, clock):
    web = from_address(app, "203.0.113.11")
    for _ in range(5):
        web.sign_in("fp_health", "sai-mat-khau")
    assert web.sign_in("fp_health").status_code == 429
    clock.advance(timedelta(minutes=1, seconds=1))
    assert web.sign_in("fp_health", "sai-mat-khau").status_code == 401  # the sixth failure
    clock.advance(timedelta(minutes=1, seconds=1))
    assert web.sign_in("fp_health").status_code == 429  # now two minutes
    clock.advance(timedelta(minutes=1))
    assert web.sign_in("fp_health").status_code == 302


def test_the_limit_holds_across_workers(app, world, tmp_path):
    """A second app on the same database (another gunicorn worker: nothing shared in memory)
    sees the same wait."""
    dd = app.extensions["dondoc"]
    other = create_app({"TESTING": True, "ENGINE": dd.engine, "CLOCK": dd.clock,
                        "INSTANCE_PATH": str(tmp_path / "other")})
    first, second = from_address(app, "203.0.113.12"), from_address(other, "203.0.113.12")
    for _ in range(5):
        first.sign_in("fp_health", "sai-mat-khau")
    assert second.sign_in("fp_health", PASSWORD).status_code == 429
