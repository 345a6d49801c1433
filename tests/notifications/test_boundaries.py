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
