"""Dashboard benchmark (DESIGN.md §6): p95 server time under 200 ms at `national` scale and the
same query count at 1× and 10× the data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python -m bench.dashboard_bench

On a throw-away database (`test_<name>_dashboard_bench`, created and dropped here):

1. a registry of BENCH_COOPERATIVES cooperatives (default 65,000) across the 12 regions, written
   in bulk, and one tenth of them reporting 10 indicators quarterly for three years
   (`monitoring.seed_national.seed_national_reports`: COPY, INSERT … SELECT, roll-ups);
2. query counts of the pages at that size (1×);
3. every other cooperative reporting too (10×: at the default size, 7.8 million values);
4. query counts again, then BENCH_REQUESTS timed requests per page (after two warm-ups) through
   the Django test client: `/dashboard/` (committee), `/dashboard/regions/09/` (delegation of
   Souss-Massa) and `/cooperatives/` (staff).

Merges `dashboards` into `bench/results.json`, leaving the other keys alone.

BENCH_KEEP_DB=1 keeps that database after the run, and a later run with BENCH_KEEP_DB=1 reuses
it when it holds the same data (the 10× data, so the 1× query counts are those of the run that
seeded it, read back from `bench/results.json`): about twelve minutes saved per run.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
COOPERATIVES = int(os.environ.get("BENCH_COOPERATIVES", 65_000))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 30))
KEEP_DB = os.environ.get("BENCH_KEEP_DB") == "1"
BUDGET_MS = 200
PAGES = (
    ("/dashboard/", "committee"),
    ("/dashboard/regions/09/", "delegation"),
    ("/cooperatives/", "staff"),
)


def make_registry(n: int) -> list[int]:
    from datetime import date

    from cooperatives.models import Cooperative, Sector
    from odco.regions.models import Region

    regions, sectors = list(Region.objects.order_by("code")), list(Sector.objects.order_by("pk"))
    rows = [
        Cooperative(
            registration_number=f"BENCH-{i:06d}",
            name_fr=f"Coopérative Bench {i}",
            name_ar=f"تعاونية {i}",
            region=regions[i % len(regions)],
            sector=sectors[i % len(sectors)],
            founded_on=date(2000 + i % 24, 1 + i % 12, 1 + i % 28),
            members_total=7 + i % 50,
            members_women=i % 7,
            members_young=i % 5,
        )
        for i in range(n)
    ]
    Cooperative.objects.bulk_create(rows, batch_size=5000)
    return list(Cooperative.objects.order_by("pk").values_list("pk", flat=True))


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def profile(client, url, top: int = 5) -> None:
    """BENCH_PROFILE=1: the slowest queries of one request to `url`, on stderr."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    slowest = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:top]
    total = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
    print(f"{url}: {len(ctx.captured_queries)} queries, {total:.1f} ms in the database", file=sys.stderr)
    for query in slowest:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}", file=sys.stderr)


def timings(client, url) -> list[float]:
    for _i in range(2):
        client.get(url)
    measured = []
    for _i in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        measured.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return measured


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odco.settings.base")
    sys.path.insert(0, str(ROOT.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    vendor = connection.vendor
    if vendor != "postgresql":
        print("warning: DATABASE_URL is not PostgreSQL; the budget is defined on PostgreSQL", file=sys.stderr)
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        f"{connection.settings_dict['NAME']}_dashboard_bench"
    )
    main_name = connection.settings_dict["NAME"]

    def create(keep: bool) -> None:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)

    create(KEEP_DB)
    results_path = ROOT / "results.json"
    try:
        previous = _reusable(results_path) if KEEP_DB else None
        if previous is not None:
            pages, values, seed_seconds = _measure_kept(previous, vendor)
        else:
            if KEEP_DB:  # a kept database of another size, or a run stopped while seeding: start afresh
                connection.creation.destroy_test_db(main_name, verbosity=0)
                create(False)
            pages, values, seed_seconds = _seed_and_measure(vendor)
    finally:
        if KEEP_DB:
            connection.close()
            connection.settings_dict["NAME"] = main_name
        else:
            connection.creation.destroy_test_db(main_name, verbosity=0)
    report(pages, values, seed_seconds, vendor, results_path)
    return (
        1 if any(f["queries_1x"] != f["queries"] or f["p95_ms"] >= BUDGET_MS for f in pages.values()) else 0
    )


def _reusable(results_path: Path) -> dict | None:
    """The previous figures when the kept database holds this run's data, else None."""
    from cooperatives.models import Cooperative
    from monitoring.models import ReportValue

    if not results_path.exists():
        return None
    previous = json.loads(results_path.read_text()).get("dashboards") or {}
    if previous.get("cooperatives") != COOPERATIVES or not previous.get("pages"):
        return None
    registry = Cooperative.objects.filter(registration_number__startswith="BENCH-").count()
    if registry != COOPERATIVES or ReportValue.objects.count() != previous.get("kpi_values"):
        return None
    print(f"reusing the kept database ({registry:,} cooperatives)", file=sys.stderr)
    return previous


def _people() -> dict:
    from django.contrib.auth import get_user_model

    from tests.factories import make_user

    emails = {role: f"{role}@bench.odco.ma" for role in ("committee", "delegation", "staff")}
    existing = {u.email: u for u in get_user_model().objects.filter(email__in=emails.values())}
    return {
        role: existing.get(email)
        or make_user(role, email=email, **({"region_code": "09"} if role == "delegation" else {}))
        for role, email in emails.items()
    }


def _measure_kept(previous: dict, vendor: str) -> tuple[dict, int, float]:
    from monitoring.models import ReportValue

    clients = {role: client_for(user) for role, user in _people().items()}
    queries_10x = {url: count(clients[role], url) for url, role in PAGES}
    pages = _timed(clients, queries_10x, {url: previous["pages"][url]["queries_1x"] for url, _r in PAGES})
    return pages, ReportValue.objects.count(), previous.get("seed_seconds_10x", 0.0)


def _timed(clients: dict, queries_10x: dict, queries_1x: dict) -> dict:
    if os.environ.get("BENCH_PROFILE"):
        for url, role in PAGES:
            profile(clients[role], url)
    pages = {}
    for url, role in PAGES:
        measured = timings(clients[role], url)
        pages[url] = {
            "p50_ms": round(statistics.median(measured), 1),
            "p95_ms": round(p95(measured), 1),
            "queries": queries_10x[url],
            "queries_1x": queries_1x[url],
        }
    return pages


def _seed_and_measure(vendor: str) -> tuple[dict, int, float]:
    from django.db import connection

    from monitoring.models import ReportValue
    from monitoring.seed_national import seed_national_reports
    from tests.conftest import reload_reference_data

    reload_reference_data()
    started = time.perf_counter()
    ids = make_registry(COOPERATIVES)
    print(f"registry: {len(ids):,} cooperatives in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    clients = {role: client_for(user) for role, user in _people().items()}

    started = time.perf_counter()
    small = seed_national_reports(cooperative_ids=ids[: max(1, len(ids) // 10)])
    print(f"1x: {small} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    queries_1x = {url: count(clients[role], url) for url, role in PAGES}

    started = time.perf_counter()
    large = seed_national_reports(cooperative_ids=ids)
    seed_seconds = time.perf_counter() - started
    print(f"10x: {large} more in {seed_seconds:.1f} s", file=sys.stderr)
    values = ReportValue.objects.count()
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    queries_10x = {url: count(clients[role], url) for url, role in PAGES}
    return _timed(clients, queries_10x, queries_1x), values, seed_seconds


def report(pages: dict, values: int, seed_seconds: float, vendor: str, results_path: Path) -> None:
    result = {
        "scale": "national" if COOPERATIVES >= 65_000 else f"{COOPERATIVES} cooperatives",
        "cooperatives": COOPERATIVES,
        "kpi_values": values,
        "database": vendor,
        "requests_per_page": REQUESTS,
        "seed_seconds_10x": round(seed_seconds, 1),
        "pages": pages,
    }
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    results["dashboards"] = result
    results_path.write_text(json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n")

    print(f"Dashboards on {vendor}: {COOPERATIVES:,} cooperatives, {values:,} indicator values")
    print(f"{'page':<28}{'p50 ms':>9}{'p95 ms':>9}{'queries 1x':>12}{'queries 10x':>13}")
    for url, figures in pages.items():
        print(
            f"{url:<28}{figures['p50_ms']:>9.1f}{figures['p95_ms']:>9.1f}"
            f"{figures['queries_1x']:>12}{figures['queries']:>13}"
        )


if __name__ == "__main__":
    sys.exit(main())
