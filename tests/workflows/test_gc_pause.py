"""workflows.gc_pause: the collector is off inside, back on after (also after an error), left
off when it was off, and on only when the last of nested pauses ends."""
import gc

import pytest

from workflows.gc_pause import pausing_collection


@pausing_collection
def inside(inner=None):
    seen = [gc.isenabled()]
    if inner:
        seen += inner()
        seen.append(gc.isenabled())
    return seen


@pausing_collection
def failing():
    raise ValueError("refused")


def test_paused_inside_and_restored_after():
    assert gc.isenabled()
    assert inside() == [False] and gc.isenabled()
    assert inside(inner=inside) == [False, False, False] and gc.isenabled()
    with pytest.raises(ValueError):
        failing()
    assert gc.isenabled()


def test_left_off_when_it_was_off():
    gc.disable()
    try:
        assert inside() == [False] and not gc.isenabled()
    finally:
        gc.enable()
