"""A person's message choices and the plan's limits on them."""
from datetime import time

import pytest

from workflows.message_prefs import (InvalidPreference, check_plan_messages, clean_muted,
                                     digest_time, reaching, required_kinds, wanted)


def test_what_a_person_turned_off_does_not_come_unless_the_plan_requires_it():
    assert not wanted("overdue", ["overdue"])
    assert not wanted("due_today", ["reminder"]) and not wanted("reminder", ["reminder"])
    assert wanted("overdue", ["reminder"])
    assert wanted("overdue", ["overdue"], required=["overdue"])
    assert wanted("escalation", ["reminder", "overdue", "returned", "extension_answered"])
    assert wanted("daily_digest", ["reminder"])  # a digest carries what was held for it


def test_an_escalation_reaches_someone_whatever_the_channels_chosen():
    every = {"email": "a@x.vn", "sms": "+84912345678"}
    assert reaching("escalation", {}, every) == every
    assert reaching("escalation", {"sms": "+84912345678"}, every) == {"sms": "+84912345678"}
    assert reaching("reminder", {}, every) == {}


def test_digest_time_and_kinds_are_checked():
    assert digest_time(None) == time(7, 30) and digest_time("16:30") == time(16, 30)
    for bad in ("16:15", "05:30", "07:00", "21:00", "noon"):
        with pytest.raises(InvalidPreference) as caught:
            digest_time(bad)
        assert caught.value.field == "digest_at"
    assert clean_muted(["overdue", "overdue"]) == ("overdue",)
    with pytest.raises(InvalidPreference, match="escalation"):
        clean_muted(["escalation"])
    assert required_kinds({"messages": {"required": ["overdue", "escalation"]}}) == {"overdue"}
    assert required_kinds(None) == frozenset()


def test_a_plans_required_kinds_are_checked_by_name():
    check_plan_messages({})
    check_plan_messages({"messages": {"required": ["overdue", "returned"]}})
    for bad, field in (({"messages": ["overdue"]}, "messages"),
                       ({"messages": {"required": ["overdue"], "muted": []}}, "messages"),
                       ({"messages": {"required": "overdue"}}, "messages.required"),
                       ({"messages": {"required": ["escalation"]}}, "messages.required"),
                       ({"messages": {"required": ["overdu"]}}, "messages.required")):
        with pytest.raises(InvalidPreference) as caught:
            check_plan_messages(bad)
        assert caught.value.field == field, bad
