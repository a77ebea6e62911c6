"""Monthly committee report benchmark (DESIGN.md §6): the PDF at `programme` scale in under 10 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m bench.committee_bench

On the programme database (`bench.programme`), times
`monitoring.services.committee_report.monthly_report_generate(month=…)` for the month that
ended last, BENCH_COMMITTEE_RUNS times (3; regenerating replaces the report, so each run does
the whole work), files in a temporary media folder. Merges `committee_report` into
`bench/results.json`: the first run's seconds (cold caches, fonts loaded) and the median.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time

from bench.common import ROOT, merge_results, setup

RUNS = int(os.environ.get("BENCH_COMMITTEE_RUNS", 3))
BUDGET_S = 10


def main() -> int:
    media = tempfile.mkdtemp(prefix="odco-bench-media-")
    setup(DJANGO_MEDIA_ROOT=media)
    import logging

    from django.utils import timezone

    from bench.programme import programme_database
    from cooperatives.models import Cooperative
    from monitoring.services.committee_report import monthly_report_generate, previous_month

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    programme_database()
    month = previous_month(timezone.localdate())
    seconds = []
    try:
        for _i in range(RUNS):
            started = time.perf_counter()
            report = monthly_report_generate(month=month)
            seconds.append(time.perf_counter() - started)
        size = report.file.size if report.file else 0
    finally:
        shutil.rmtree(media, ignore_errors=True)
    result = {
        "scale": "programme",
        "cooperatives": Cooperative.objects.count(),
        "month": month.isoformat(),
        "runs": RUNS,
        "seconds": round(seconds[0], 2),
        "median_seconds": round(statistics.median(seconds), 2),
        "bytes": size,
    }
    path = merge_results("committee_report", result)
    print(
        f"Monthly committee report {month:%Y-%m}, programme scale ({result['cooperatives']:,} cooperatives)"
    )
    print("runs (s): " + ", ".join(f"{s:.2f}" for s in seconds))
    met = max(seconds) < BUDGET_S
    print(f"budget (< {BUDGET_S} s): {'met' if met else 'NOT met'}")
    print(f"written to {path.relative_to(ROOT.parent)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT.parent))
    sys.exit(main())
