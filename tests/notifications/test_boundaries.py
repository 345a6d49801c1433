"""notifications/ sends messages and knows nothing of tasks; importing it does nothing."""

import ast
import subprocess
import sys
from pathlib import Path

import notifications

PACKAGE = Path(notifications.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_imports_of_workflows_or_service():
    for path in PACKAGE.rglob("*.py"):
        for name in imported_modules(path):
            assert name.split(".")[0] not in {"workflows", "service"}, (path, name)


def test_importing_every_module_opens_no_socket():
    # A fresh interpreter: reloading modules here would break other tests' isinstance.
    script = (
        "import socket, importlib, pkgutil\n"
        "def refuse(*a, **k): raise SystemExit('socket opened at import time')\n"
        "socket.socket.connect = refuse\n"
        "import notifications\n"
        "for m in pkgutil.walk_packages(notifications.__path__, 'notifications.'):\n"
        "    importlib.import_module(m.name)\n"
        "import sys; assert 'workflows' not in sys.modules and 'service' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout


def _imports_of(module: str) -> set[str]:
    return {name for name in imported_modules(PACKAGE / f"{module}.py")
            if name.startswith("notifications.")}


def test_gateways_stand_apart_and_only_the_factory_knows_them_all():
    # a gateway builds on the message preparation, never on another gateway
    assert "notifications.esms" not in _imports_of("sms")
    assert "notifications.sms" not in _imports_of("esms")
    assert {"notifications.sms_text"} <= _imports_of("sms") & _imports_of("esms")
    assert {"notifications.sms", "notifications.esms"} <= _imports_of("gateways")
    assert not {"notifications.sms", "notifications.esms", "notifications.gateways"} & _imports_of(
        "sms_text")
