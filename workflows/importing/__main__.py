"""python -m workflows.importing FILE: print the plan draft of FILE as JSON."""
from __future__ import annotations

import json
import sys

from . import PlanImportError, import_plan


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m workflows.importing FILE", file=sys.stderr)
        return 2
    path = argv[0]
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        draft = import_plan(data, path)
    except PlanImportError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    json.dump(draft, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
