"""Run every benchmark in one go (`make bench`): each merges its figures into
bench/results.json; the table printed at the end is the one the README keeps."""

import importlib
import json
import sys
from pathlib import Path

BENCHMARKS = ["bench.import_bench", "bench.certificates_bench", "bench.dashboard_bench"]


def table(results: dict) -> str:
    lines = ["| benchmark | figure | value |", "|---|---|---|"]
    for name, figures in results.items():
        for key, value in figures.items():
            if isinstance(value, dict):
                value = json.dumps(value, ensure_ascii=False)
            lines.append(f"| {name} | {key} | {value} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    selected = [b for b in BENCHMARKS if not argv or any(a in b for a in argv)]
    failures = 0
    for name in selected:
        print(f"== {name}", file=sys.stderr)
        failures += 1 if importlib.import_module(name).main() else 0
    results = json.loads((Path(__file__).resolve().parent / "results.json").read_text())
    print(table(results))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
