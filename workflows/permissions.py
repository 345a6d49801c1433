"""Who may do what, decided from the actor and the task or plan acted on.

- administrator: sees everything, and may do what a coordinator does in any plan.
- coordinator: within their plans, sees and comments on tasks, reviews results, extends,
  reassigns and cancels; imports plans and activates their own.
- focal_point: acts on their agency's tasks (start, submit, ask for an extension, comment);
  a cooperating agency's focal point may see and comment on the task it helps with; an agency
  the task was taken from still sees it (its own history), and changes nothing.
- leader: reads, within their plans and their agency's tasks (and those taken from it);
  changes nothing.
- the cascade (workflows.cascade): a coordinator or leader of a plan reads the tasks of the
  lower plans that implement it (``cascade_plan_ids``, every level down): their progress and
  task list, read only; not their drafts, nor a result's text and files unless shared.

A target is anything with ``plan_id`` (a plan) and, for a task, ``agency_id`` and optionally
``cooperating``: a :class:`~workflows.classification.TaskFacts`, a
:class:`~workflows.tasks.Task`, a :class:`PlanRef` or a projection row. Importing a plan
takes no target. Scopes empty by default mean nothing is in scope, never everything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Optional


class UserRole(str, Enum):
    ADMINISTRATOR = "administrator"
    COORDINATOR = "coordinator"
    FOCAL_POINT = "focal_point"
    LEADER = "leader"


class Action(str, Enum):
    VIEW = "view"
    START = "start"
    SUBMIT = "submit"
    REQUEST_EXTENSION = "request_extension"
    COMMENT = "comment"
    ACCEPT = "accept"
    RETURN = "return"
    GRANT_EXTENSION = "grant_extension"
    REFUSE_EXTENSION = "refuse_extension"
    REASSIGN = "reassign"
    CANCEL = "cancel"
    SHARE_SUBMISSION = "share_submission"
    IMPORT_PLAN = "import_plan"
    ACTIVATE_PLAN = "activate_plan"


FOCAL_POINT_ACTIONS = frozenset({Action.VIEW, Action.START, Action.SUBMIT,
                                 Action.REQUEST_EXTENSION, Action.COMMENT})
COOPERATING_ACTIONS = frozenset({Action.VIEW, Action.COMMENT})
COORDINATOR_ACTIONS = frozenset({Action.VIEW, Action.COMMENT, Action.ACCEPT, Action.RETURN,
                                 Action.GRANT_EXTENSION, Action.REFUSE_EXTENSION,
                                 Action.REASSIGN, Action.CANCEL, Action.SHARE_SUBMISSION,
                                 Action.ACTIVATE_PLAN})


@dataclass(frozen=True)
class Actor:
    user_id: str
    role: UserRole
    agency_id: Optional[str] = None
    plan_ids: frozenset[str] = field(default_factory=frozenset)
    cascade_plan_ids: frozenset[str] = field(default_factory=frozenset)  # lower plans: read their tasks

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", UserRole(self.role))
        object.__setattr__(self, "plan_ids", frozenset(self.plan_ids))
        object.__setattr__(self, "cascade_plan_ids", frozenset(self.cascade_plan_ids))


@dataclass(frozen=True)
class PlanRef:
    """A plan as a permission target."""

    plan_id: str


class PermissionDenied(Exception):
    """The actor may not do this; ``reason`` is English, for logs."""

    def __init__(self, reason: str, action: Optional[Action] = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.action = action


def can(actor: Actor, action: Action | str, target: Any = None) -> bool:
    # a list re-checks every row it shows: an Action is taken as it is, not through Enum's call
    return _denial(actor, action if action.__class__ is Action else Action(action), target) is None


def can_each(actor: Actor, action: Action | str) -> Callable[[Any], bool]:
    """``can(actor, action, target)`` as a function of the target alone: what depends on the
    actor and the action (the role, the action's kind, the scopes) is decided once, for a list
    that re-checks each row it shows."""
    action = Action(action)
    if action is Action.IMPORT_PLAN:
        allowed = _import_denial(actor) is None
        return lambda target: allowed
    denial = _target_denial(actor, action)
    return lambda target: target is not None and denial(target) is None


def require(actor: Actor, action: Action | str, target: Any = None) -> None:
    """Return quietly if ``actor`` may do ``action`` on ``target``, else raise
    :class:`PermissionDenied`."""
    action = Action(action)
    reason = _denial(actor, action, target)
    if reason is not None:
        raise PermissionDenied(reason, action)


def _denial(actor: Actor, action: Action, target: Any) -> Optional[str]:
    """None when allowed, else why not."""
    if action is Action.IMPORT_PLAN:
        return _import_denial(actor)
    if target is None:
        return f"{action.value} needs a task or a plan"
    return _target_denial(actor, action)(target)


def _import_denial(actor: Actor) -> Optional[str]:
    if actor.role in (UserRole.ADMINISTRATOR, UserRole.COORDINATOR):
        return None
    return _not_for(actor, Action.IMPORT_PLAN)


def _target_denial(actor: Actor, action: Action) -> Callable[[Any], Optional[str]]:
    """Why ``actor`` may not do ``action`` on a target (None: allowed), as a function of the
    target: each role's rule, and before it the cascade's reading down."""
    role = actor.role
    if role is UserRole.ADMINISTRATOR:
        reason = None if action in COORDINATOR_ACTIONS else _not_for(actor, action)
        return lambda target: reason
    if role is UserRole.COORDINATOR:
        rule = _coordinator_denial(actor, action)
    elif role is UserRole.FOCAL_POINT:
        rule = _focal_point_denial(actor, action)
    else:
        rule = _leader_denial(actor, action)
    below = actor.cascade_plan_ids
    if not (action is Action.VIEW and below and role in (UserRole.COORDINATOR, UserRole.LEADER)):
        return rule

    def reading_down(target: Any) -> Optional[str]:
        # a task (not a plan's draft) of a lower plan, viewed by a higher plan's coordinator
        # or leader
        if hasattr(target, "agency_id") and _plan_of(target) in below:
            return None
        return rule(target)
    return reading_down


def _refused(reason: str) -> Callable[[Any], Optional[str]]:
    return lambda target: reason


def _coordinator_denial(actor: Actor, action: Action) -> Callable[[Any], Optional[str]]:
    if action not in COORDINATOR_ACTIONS:
        return _refused(_not_for(actor, action))
    plans = actor.plan_ids

    def denial(target: Any) -> Optional[str]:
        if _plan_of(target) not in plans:
            # never name the plan: the caller may not know it exists
            return f"user {actor.user_id} does not coordinate the plan this belongs to"
        return None
    return denial


def _focal_point_denial(actor: Actor, action: Action) -> Callable[[Any], Optional[str]]:
    if action not in FOCAL_POINT_ACTIONS:
        return _refused(_not_for(actor, action))
    cooperating, view = action in COOPERATING_ACTIONS, action is Action.VIEW

    def denial(target: Any) -> Optional[str]:
        agency = getattr(target, "agency_id", None)
        if actor.agency_id is not None and agency == actor.agency_id:
            return None
        if cooperating and _cooperates(actor, target):
            return None
        if view and _held_before(actor, target):
            return None
        return f"user {actor.user_id} is not a focal point of the agency this belongs to"
    return denial


def _leader_denial(actor: Actor, action: Action) -> Callable[[Any], Optional[str]]:
    if action is not Action.VIEW:
        return _refused(_not_for(actor, action))
    plans = actor.plan_ids

    def denial(target: Any) -> Optional[str]:
        if _plan_of(target) in plans:
            return None
        agency = getattr(target, "agency_id", None)
        if actor.agency_id is not None and agency == actor.agency_id:
            return None
        if _held_before(actor, target):
            return None
        return f"user {actor.user_id} has no view of this outside their plans and agency"
    return denial


def _cooperates(actor: Actor, target: Any) -> bool:
    return actor.agency_id is not None and actor.agency_id in getattr(target, "cooperating", ())


def _held_before(actor: Actor, target: Any) -> bool:
    return actor.agency_id is not None and actor.agency_id in getattr(target, "former_agencies", ())


def _plan_of(target: Any) -> Optional[str]:
    return getattr(target, "plan_id", None)


def _not_for(actor: Actor, action: Action) -> str:
    return f"a {actor.role.value} may not {action.value.replace('_', ' ')}"
