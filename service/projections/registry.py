"""The read models dondoc keeps, in the order they are fed."""
from __future__ import annotations

from service.projections.base import Projection


def all_projections() -> list[Projection]:
    return []
