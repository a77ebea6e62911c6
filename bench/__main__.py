"""Run every benchmark in one go (`make bench`): each merges its figures into
bench/results.json; the table printed at the end is the one the README keeps.

Each benchmark runs in a process of its own (its settings, database, broker and memory are its
own); `python -m bench import load` runs those whose name contains one of the words.
"""

import json
import subprocess
import sys
from pathlib import Path

BENCHMARKS = [
    "bench.import_bench",
    "bench.certificates_bench",
    "bench.workers_bench",
    "bench.committee_bench",
    "bench.load_bench",
    "bench.dashboard_bench",
]


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
        failures += 1 if subprocess.call([sys.executable, "-m", name]) else 0
    results = json.loads((Path(__file__).resolve().parent / "results.json").read_text())
    print(table(results))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
