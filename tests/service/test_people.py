import pytest

from service.auth.credentials import check_password
from service.handlers.people import InvalidProfile
from tests.service.test_plan_activation import ADMIN
from workflows import commands as c
from workflows.people_events import Profile
from workflows.permissions import Actor, PermissionDenied


def test_add_person_normalises_the_phone_and_sets_a_password(dd, clock):
    pid = dd.bus.handle(c.AddPerson(Profile("lan", "Nguyễn Thị Lan", "focal_point", agency_id="a1",
                                            email="lan@example.vn", phone="0912 345 678"),
                                    password="mật khẩu dài"), ADMIN)
    from sqlalchemy import select

    from service.projections.people import people
    with dd.engine.begin() as conn:
        row = conn.execute(select(people).where(people.c.person_id == pid)).mappings().one()
        assert row["phone"] == "+84912345678"
        assert check_password(conn, pid, "mật khẩu dài")
        assert not check_password(conn, pid, "wrong")


@pytest.mark.parametrize("field,profile", [
    ("phone", Profile("a", "A", "leader", phone="12345")),
    ("email", Profile("a", "A", "leader", email="not-an-address")),
    ("role", Profile("a", "A", "king")),
    ("agency_id", Profile("a", "A", "focal_point")),
    ("channels", Profile("a", "A", "leader", channels=("fax",))),
])
def test_bad_profiles_are_refused_naming_the_field(dd, field, profile):
    with pytest.raises(InvalidProfile) as err:
        dd.bus.handle(c.AddPerson(profile), ADMIN)
    assert err.value.field == field


def test_only_an_administrator_adds_people(dd):
    with pytest.raises(PermissionDenied):
        dd.bus.handle(c.AddPerson(Profile("a", "A", "leader")), Actor("co", "coordinator"))


def test_wrong_passwords_never_lock_the_account_itself(dd, clock):
    """Limits are per account and address (service.auth.attempts), never a lock anyone can close."""
    pid = dd.bus.handle(c.AddPerson(Profile("b", "B", "leader"), password="correct horse"), ADMIN)
    with dd.engine.begin() as conn:
        for _ in range(10):
            assert not check_password(conn, pid, "nope")
        assert check_password(conn, pid, "correct horse")
        assert not check_password(conn, None, "correct horse")  # nobody: the same work, False
