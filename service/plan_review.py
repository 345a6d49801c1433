"""What a reviewer needs beside a draft: which registered agency each name will go to."""
from __future__ import annotations

from service.handlers.agencies import load_registry
from workflows.agency_phrases import names_no_body
from workflows.plan_context import plan_context


def agency_matches(conn, draft: dict) -> dict[str, dict]:
    """For every agency name in the draft: the registered agency it matches, or the new agency
    activation will register (never a silent merge: ties are listed as candidates)."""
    registry = load_registry(conn)
    context = plan_context(draft)
    out = {}
    names = [n for a in draft.get("assignments") or [] for n in a.get("agencies") or []]
    names += [n for r in draft.get("reporting") or [] if isinstance(r, dict)
              for n in r.get("from") or [] if isinstance(n, str)]  # senders of periodic reports
    for name in dict.fromkeys(names):
        if names_no_body(name):
            out[name] = {"agency_id": None, "no_body": True}  # stays text on the duty
            continue
        result = registry.match(name, context)
        if result.matched:
            agency = registry.find_by_id(result.agency_id)
            out[name] = {"agency_id": agency.agency_id, "name": agency.name, "confidence": result.confidence}
        else:
            out[name] = {"agency_id": None, "new": result.proposal.name,
                         "level": result.proposal.level, "candidates": list(result.candidates)}
    return out
