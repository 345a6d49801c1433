"""The rule of the one-click task link: expiry, finished tasks, change of hands, scope."""
from datetime import datetime, timedelta, timezone

import pytest

from workflows.task_links import LinkFacts, link_refusal

ISSUED = datetime(2024, 3, 1, 0, 30, tzinfo=timezone.utc)
OPEN = LinkFacts("open", True, None)


@pytest.mark.parametrize("facts, after, days, expected", [
    (OPEN, timedelta(days=13, hours=23), 14, None),
    (OPEN, timedelta(days=14, seconds=1), 14, "expired"),
    (OPEN, timedelta(days=20), 30, None),
    (LinkFacts("submitted", True, None), timedelta(days=1), 14, None),
    (LinkFacts("done", True, None), timedelta(days=1), 14, "closed"),
    (LinkFacts("cancelled", True, None), timedelta(days=1), 14, "closed"),
    (LinkFacts(None, False, None), timedelta(days=1), 14, "unknown"),
    (LinkFacts("open", True, ISSUED - timedelta(days=3)), timedelta(days=1), 14, None),
    (LinkFacts("open", True, ISSUED + timedelta(hours=2)), timedelta(days=1), 14, "handed_over"),
    (LinkFacts("open", False, None), timedelta(days=1), 14, "not_theirs"),
])
def test_link_refusal(facts, after, days, expected):
    assert link_refusal(facts, ISSUED, ISSUED + after, days) == expected


def test_a_link_handed_over_and_back_stays_closed():
    # reassigned away and back after the message: the rule looks at the last change of hands
    back = LinkFacts("open", True, ISSUED + timedelta(days=2))
    assert link_refusal(back, ISSUED, ISSUED + timedelta(days=3)) == "handed_over"
