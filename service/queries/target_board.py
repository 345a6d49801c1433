"""Targets as the pages and exports show them: per target, per period, the figure achieved so
far, the share of the target (for a bar) and whether it is off track."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from service.projections.tasks import tasks
from service.queries.targets import figure_history, plan_progress
from workflows.periods import period_from_key
from workflows.targets import format_number


def report_periods(conn, plan_id: str) -> list:
    """The plan's reporting periods (those it has tasks for), oldest first."""
    keys = conn.execute(select(tasks.c.period_key).distinct()
                        .where(tasks.c.plan_id == plan_id, tasks.c.period_key.is_not(None))).scalars()
    return sorted((period_from_key(k) for k in keys), key=lambda p: (p.end, p.start))


def board(conn, plan_id: str, today: date) -> dict | None:
    """None when the plan tracks no target."""
    progress = plan_progress(conn, plan_id, today)
    if not progress and not _tracked(conn, plan_id):
        return None
    periods, rows = [], {}
    for tp in progress:
        if tp.period.key not in [p.key for p in periods]:
            periods.append(tp.period)
        row = rows.setdefault(tp.target.target_id, {"target": tp.target, "value": target_value(tp.target),
                                                    "cells": {}})
        row["cells"][tp.period.key] = cell(tp)
    targets = _targets(conn, plan_id)
    for t in targets.values():  # a target with no figure yet still shows
        rows.setdefault(t.target_id, {"target": t, "value": target_value(t), "cells": {}})
    answering = sorted({a for t in targets.values() for a in t.agency_ids})
    return {"periods": periods, "rows": sorted(rows.values(), key=lambda r: int(r["target"].target_id[1:])),
            "targets": targets, "answering": answering,
            "report_periods": report_periods(conn, plan_id), "history": figure_history(conn, plan_id)}


def cell(tp) -> dict:
    p, t = tp.progress, tp.target
    unit = "%" if t.percent else f" {t.unit}".rstrip()
    return {"achieved": "" if p.achieved is None else f"{format_number(p.achieved)}{unit}",
            "percent": None if p.share is None else min(float(p.share) * 100, 100.0),
            "share": "" if p.share is None else f"{format_number(p.share * 100)}%",
            "on_track": p.on_track, "reported": p.reported, "answering": p.answering}


def target_value(t) -> str:
    sign = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< "}.get(t.comparator, "")
    return f"{sign}{format_number(t.value)}{'%' if t.percent else ' ' + t.unit if t.unit else ''}"


def _tracked(conn, plan_id):
    from service.queries.targets import plan_targets_of

    return plan_targets_of(conn, plan_id)


def _targets(conn, plan_id):
    return {t.target_id: t for t in _tracked(conn, plan_id)}


def latest_rows(conn, plan_ids, today: date, limit: int = 30) -> list[dict]:
    """For the dashboard and the exports: each target of the plans at its latest period with a
    figure (or its plan's first period when none), off-track ones first."""
    out = []
    for plan_id in plan_ids:
        progress = plan_progress(conn, plan_id, today)
        latest: dict[str, object] = {}
        for tp in progress:  # periods come oldest first: a later figure wins
            if tp.target.target_id not in latest or tp.progress.achieved is not None:
                latest[tp.target.target_id] = tp
        for tp in latest.values():
            out.append({"plan_id": plan_id, "target": tp.target, "value": target_value(tp.target),
                        "period": tp.period, **cell(tp)})
    out.sort(key=lambda r: ({False: 0, True: 2}.get(r["on_track"], 1), r["plan_id"], r["target"].target_id))
    return out[:limit] if limit else out
