"""The figure fields of a task's result form: the agency's own targets, the target beside each
field and the agency's figures of earlier periods (a plan activated before targets were tracked
asks for every target of its draft, as it did then)."""
from __future__ import annotations

from flask import request

from service.queries.target_board import target_value
from service.queries.targets import agency_figures, plan_targets_of
from workflows.periods import period_from_key
from workflows.task_events import Figure
from workflows.targets import SHARE, figure_label


def figure_fields(conn, task: dict, plan: dict) -> list[dict]:
    tracked = plan_targets_of(conn, task["plan_id"])
    if not tracked:
        return [{"index": i, "label": t.get("text", f"#{i + 1}"), "text": t.get("text", ""),
                 "target": _draft_target(t), "share": False, "earlier": []}
                for i, t in enumerate((plan.get("draft") or {}).get("targets") or [])]
    figures = agency_figures(conn, task["plan_id"], task["agency_id"])
    this = period_from_key(task["period_key"]) if task.get("period_key") else None
    fields = []
    for t in tracked:
        if task["agency_id"] not in t.agency_ids:
            continue
        earlier = sorted(((period_from_key(k), v) for k, v in figures.get(t.target_id, {}).items()),
                         key=lambda pv: pv[0].end)
        fields.append({"index": int(t.target_id[1:]), "label": figure_label(tracked, t), "text": t.text,
                       "target": target_value(t), "share": t.combine == SHARE,
                       "earlier": [(p.label, v) for p, v in earlier if this is None or p.end < this.end]})
    return fields


def submitted_figures(fields: list[dict], parse) -> list[Figure]:
    """The figures typed in the form's fields, named by their labels: ``figure-<index>`` the
    value; for a share also ``figure-<index>-num`` and ``-den``, the number and the total it is
    made of (either way is enough: the value is their percentage)."""
    out = []
    for f in fields:
        raw = [(request.form.get(f"figure-{f['index']}{part}") or "").strip()
               for part in ("", "-num", "-den")]
        if any(raw):
            value, numerator, denominator = (parse(r) if r else None for r in raw)
            out.append(Figure.of(f["label"], value, numerator, denominator))
    return out


def _draft_target(t: dict) -> str:
    if t.get("value") is None:
        return ""
    unit = "%" if t.get("percent") else f" {t.get('unit') or ''}".rstrip()
    return f"{t.get('comparator') or ''} {t.get('value')}{unit}".strip()
