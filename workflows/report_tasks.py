"""Periodic report tasks of a plan: one per sending agency and occasion, and the recipient's
consolidation ("Tổng hợp, báo cáo") per occasion, due a set number of working days after the
senders' deadline.

Senders come from each reporting entry's `from`; an entry without one is refused, naming it.
The tasks of one recipient share a duty id, "<plan>:r<index of its first reporting entry>", so
the duty's progress per period counts the reports received; the consolidation task has that id
with ":c".
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from workflows.activation import Members, TaskSpec, holders, iso_date, no_members, plan_period, task_id_for
from workflows.agency_phrases import names_no_body
from workflows.calendar import WorkingCalendar
from workflows.deadlines import DeadlinePolicy, consolidation_deadline
from workflows.importing.senders import body_key, recipients_of, same_body
from workflows.periods import Cadence
from workflows.plans import PlanRefused
from workflows.report_schedule import Occasion, occasions

_WORDS = {Cadence.MONTHLY: "tháng", Cadence.QUARTERLY: "quý", Cadence.SEMIANNUAL: "6 tháng",
          Cadence.NINE_MONTHS: "9 tháng", Cadence.ANNUAL: "năm"}


def checked_entries(draft: dict) -> list[tuple[Cadence, dict]]:
    out = []
    for i, r in enumerate(draft.get("reporting") or [], start=1):
        where = f"reporting entry {i}" + (f" (line {r.get('line')})" if r.get("line") else "")
        try:
            cadence = Cadence(r.get("cadence"))
        except ValueError:
            raise PlanRefused(f"{where}: unknown reporting cadence {r.get('cadence')!r}", "bad_cadence",
                              n=i, value=str(r.get("cadence"))) from None
        senders = r.get("from")
        if not senders or not isinstance(senders, list) or not all(isinstance(n, str) and n.strip() for n in senders):
            raise PlanRefused(f"{where}: the {cadence.value} report names no sender: fill in 'from' "
                              "(the agencies that must send it) before activating", "no_sender",
                              n=i, line=r.get("line") or "—")
        out.append((cadence, r))
    return out


def report_specs(plan_id: str, draft: dict, resolve: Callable[[str], tuple[str, str]],
                 calendar: WorkingCalendar, policy: DeadlinePolicy,
                 members: Members = no_members) -> list[TaskSpec]:
    start, end = plan_period(draft)
    issued = iso_date(draft.get("issued_on"))
    groups: dict[str, list[tuple[Cadence, dict]]] = {}  # by recipient, in the plan's order
    first: dict[str, int] = {}  # the recipient's first entry names the duty: "<plan>:r<index>"
    for i, (cadence, r) in enumerate(checked_entries(draft)):
        groups.setdefault(_key(r.get("recipient")), []).append((cadence, r))
        first.setdefault(_key(r.get("recipient")), i)
    roles = _roles(draft)
    specs: list[TaskSpec] = []
    for recipient_key, entries in groups.items():
        duty_id = f"{plan_id}:r{first[recipient_key]}"
        recipient = entries[0][1].get("recipient")
        text = _text(draft, entries, recipient)
        owed: dict[str, tuple[str, dict[Cadence, str | None], int | None, str | None, str]] = {}
        for cadence, r in entries:
            for name in (n for n in r["from"] if not names_no_body(n)):
                for agency_id, agency_name, collective in holders(name, resolve, members):
                    _, dues, line, _, _ = owed.setdefault(
                        agency_id, (agency_name, {}, r.get("line"), collective, name))
                    dues[cadence] = dues.get(cadence) or r.get("due")
        last: dict[str, list[date]] = {}
        labels: dict[str, str] = {}
        for agency_id, (agency_name, dues, line, collective, written) in owed.items():
            for o in occasions(dues, start, end, issued, policy, calendar):
                specs.append(_spec(plan_id, duty_id, text, agency_id, agency_name,
                                   roles.get(written, "lead"), o, o.deadline, line, collective=collective))
                last.setdefault(o.key, []).append(o.deadline)
                labels.setdefault(o.key, o.label)
        consolidator = _consolidator(draft, recipient)
        if consolidator and last:
            agency_id, agency_name = resolve(consolidator)
            ctext = f"Tổng hợp, báo cáo kết quả của {len(owed)} cơ quan, đơn vị: {text[0].lower()}{text[1:]}"
            for key, deadlines in last.items():
                o = Occasion(max(deadlines), (), max(deadlines))
                specs.append(_spec(plan_id, f"{duty_id}:c", ctext, agency_id, agency_name, "lead", o,
                                   consolidation_deadline(calendar, policy, max(deadlines)),
                                   entries[0][1].get("line"), key=key, label=labels[key]))
    return specs


def _spec(plan_id, duty_id, text, agency_id, agency_name, role, o, deadline, line, key=None, label=None,
          collective=None):
    key = key or o.key
    return TaskSpec(task_id=task_id_for(duty_id, agency_id, key), plan_id=plan_id, duty_id=duty_id,
                    duty_text=text, agency_id=agency_id, agency_name=agency_name, role=role,
                    kind="report", deadline=deadline, period_key=key, period_label=label or o.label,
                    line=line, collective=collective)


def _key(recipient) -> str:
    return " ".join(str(recipient or "").casefold().split())


def _roles(draft: dict) -> dict[str, str]:
    """A body only ever requested ("Đề nghị ...") reports as requested: reminded, never escalated."""
    roles: dict[str, str] = {}
    for a in draft.get("assignments") or []:
        for n in a.get("agencies") or []:
            roles[n] = "lead" if a.get("role", "lead") == "lead" or roles.get(n) == "lead" else "requested"
    return roles


def _text(draft: dict, entries, recipient) -> str:
    cadences = ", ".join(dict.fromkeys(_WORDS[c] for c, _ in sorted(entries, key=lambda e: list(Cadence).index(e[0]))))
    number = draft.get("number")
    plan = f"Kế hoạch {number}" if number else "Kế hoạch"
    return f"Báo cáo định kỳ ({cadences}) kết quả thực hiện {plan}" + (f" về {recipient}" if recipient else "")


def _consolidator(draft: dict, recipient: str | None) -> str | None:
    """Who consolidates: the body reports go through ("qua ..."), else the recipient; none when
    that is the issuer itself. The plan's own spelling of the body is preferred."""
    names = recipients_of(recipient)
    if not names:
        return None
    body = names[-1]
    issuer = draft.get("issuer")
    if issuer and same_body(body, issuer):
        return None
    assigned = [n for a in draft.get("assignments") or [] for n in a.get("agencies") or []]
    same = sorted((n for n in assigned if same_body(n, body)), key=lambda n: body_key(n) != _plain(n))
    return same[0] if same else body


def _plain(name: str) -> str:
    return body_key("x " + name)[2:]  # the key without taking a title off
