import random
from datetime import datetime, timedelta, timezone

import pytest

from notifications.errors import TemplateError, TransportError
from notifications.retry import Backoff, next_attempt_delay, should_retry


def test_exponential_and_capped_without_jitter():
    backoff = Backoff(base=timedelta(seconds=30), factor=2, max_delay=timedelta(minutes=5),
                      jitter=0)
    delays = [backoff.next_attempt_delay(n).total_seconds() for n in range(1, 7)]
    assert delays == [30, 60, 120, 240, 300, 300]


def test_jitter_is_bounded_and_deterministic_with_a_seed():
    def schedule(seed):
        backoff = Backoff(base=timedelta(seconds=100), jitter=0.2, random=random.Random(seed))
        return [backoff.next_attempt_delay(n) for n in range(1, 6)]

    assert schedule(7) == schedule(7)
    assert schedule(7) != schedule(8)
    for n, delay in enumerate(schedule(7), start=1):
        nominal = 100 * 2 ** (n - 1)
        assert 0.8 * nominal <= delay.total_seconds() <= 1.2 * nominal


def test_jitter_never_exceeds_max_delay():
    class Highest:
        def random(self):
            return 0.999999

    backoff = Backoff(max_delay=timedelta(hours=1), jitter=0.5, random=Highest())
    assert backoff.next_attempt_delay(30) <= timedelta(hours=1)


def test_next_attempt_at_takes_now():
    now = datetime(2024, 6, 11, 2, 0, tzinfo=timezone.utc)
    backoff = Backoff(base=timedelta(minutes=1), jitter=0)
    assert backoff.next_attempt_at(3, now) == now + timedelta(minutes=4)


def test_should_retry():
    backoff = Backoff(max_attempts=3)
    transient = TransportError("timeout")
    assert backoff.should_retry(transient, 1)
    assert backoff.should_retry(transient, 2)
    assert not backoff.should_retry(transient, 3)
    assert not backoff.should_retry(TransportError("550", permanent=True), 1)
    assert not backoff.should_retry(TemplateError("reminder", "missing x"), 1)
    assert not backoff.should_retry(RuntimeError("bug"), 1)


def test_module_level_defaults():
    assert should_retry(TransportError("x"), 1)
    assert timedelta(seconds=50) < next_attempt_delay(1) < timedelta(seconds=70)


@pytest.mark.parametrize("kwargs", [dict(base=timedelta(0)), dict(factor=0.5),
                                    dict(max_attempts=0), dict(jitter=1.0)])
def test_nonsense_refused(kwargs):
    with pytest.raises(ValueError):
        Backoff(**kwargs)
    with pytest.raises(ValueError):
        Backoff().next_attempt_delay(0)
