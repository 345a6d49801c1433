import subprocess
import sys


def test_verify_knows_every_domain_event_without_other_imports():
    code = ("from workflows.event_types import load_all; from workflows.events import registered_events;"
            "load_all(); names = registered_events();"
            "assert {'TaskCreated', 'PlanImported', 'PersonAdded', 'ReminderSent'} <= set(names), names")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_module_that_defines_events_is_listed():
    import importlib
    import pkgutil

    import workflows
    from workflows.event_types import EVENT_MODULES
    from workflows.events import registered_events

    for m in pkgutil.walk_packages(workflows.__path__, "workflows."):
        if not m.name.endswith("__main__"):
            importlib.import_module(m.name)
    defining = {cls.__module__ for cls in registered_events().values()
                if cls.__module__.startswith("workflows.")}
    assert defining == set(EVENT_MODULES)
