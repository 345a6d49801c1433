"""Domain and service errors as one line a person can act on (None: not ours, let it raise)."""
from __future__ import annotations


def describe(exc: Exception) -> str | None:
    from service.eventlog.store import ConcurrencyError
    from service.handlers.plans import DuplicatePlan, UnknownPlan
    from workflows.permissions import PermissionDenied
    from workflows.plans import PlanRefused

    if isinstance(exc, ConcurrencyError):
        return f"{exc}: someone changed it meanwhile; reload and try again"
    if isinstance(exc, PlanRefused):
        return exc.reason
    if isinstance(exc, PermissionDenied):
        return f"not allowed: {exc}"
    if isinstance(exc, (DuplicatePlan, UnknownPlan)):
        return str(exc)
    if isinstance(exc, (LookupError, ValueError)):
        return str(exc)
    return None
