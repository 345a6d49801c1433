"""Run the benchmarks named on the command line (default: all) and print their figures."""
import importlib
import os
import platform
import pkgutil
import sys

import tests.benchmarks as pkg


def machine() -> str:
    """What the figures were measured on: the aims are figures of one machine, and the machines
    benchmarks run on differ by 2.5-4 times a request (tests/benchmarks/HISTORY.md)."""
    model, family = "unknown processor", ""
    try:
        with open("/proc/cpuinfo") as f:
            info = dict(line.split(":", 1) for line in f.read().split("\n\n")[0].splitlines() if ":" in line)
        info = {k.strip(): v.strip() for k, v in info.items()}
        model = f"{info.get('model name', model)}, {info.get('cpu MHz', '?')} MHz"
        family = f" (family {info.get('cpu family', '?')}, model {info.get('model', '?')})"
    except OSError:
        pass
    return (f"{model}{family}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.platform()}")


def main(argv):
    print(f"machine: {machine()}", flush=True)
    names = sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules(pkg.__path__)
                   if m.name.startswith("bench_"))
    chosen = argv or names
    for name in chosen:
        if name not in names:
            raise SystemExit(f"no benchmark {name!r}; there are: {', '.join(names)}")
        print(f"== {name}", flush=True)
        importlib.import_module(f"tests.benchmarks.bench_{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
