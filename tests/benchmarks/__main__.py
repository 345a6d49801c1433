"""Run the benchmarks named on the command line (default: all) and print their figures."""
import importlib
import pkgutil
import sys

import tests.benchmarks as pkg


def main(argv):
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
