"""Import every module that defines events, so the registry knows every type the log may hold
(``log verify`` and ``log rebuild`` treat a type nobody imported as unknown). A module missing
from here is an error at once, never a silently smaller registry."""
import importlib

EVENT_MODULES = (
    "workflows.plan_events",
    "workflows.task_events",
    "workflows.people_events",
    "workflows.message_events",
    "workflows.access_events",
    "workflows.target_events",
    "workflows.link_events",
    "workflows.cascade_events",
)


def load_all() -> None:
    for name in EVENT_MODULES:
        importlib.import_module(name)
