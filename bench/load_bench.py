"""Load benchmark (DESIGN.md §6): 100 concurrent users of mixed roles, 1–3 s think time, on
gunicorn here: p95 under 500 ms and no errors.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python -m bench.load_bench

1. The `programme` database (see `bench.programme`: seeded once, then kept);
2. users made here — cooperatives each with its own cooperative in follow-up, delegations of
   the twelve regions, coaches with a running assignment, staff — and one logged-in session
   each (staff and committee with a second factor, as production requires);
3. `collectstatic`, then gunicorn on 127.0.0.1 only (BENCH_GUNICORN_WORKERS, 2 × cores + 1 by
   default) with production settings (DJANGO_DEBUG=0; WhiteNoise serves the static files),
   warmed up by a few untimed requests per page and worker;
4. Locust, headless: BENCH_LOAD_USERS users (100) started over 10 s, for BENCH_LOAD_SECONDS
   (60 s), as described in `bench/locustfile.py`.

Merges `load` into `bench/results.json`: users, requests, p95_ms over every request, errors,
and p95 per page.
"""

import csv
import json
import os
import secrets
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import PROJECT, ROOT, VENV_BIN, bench_redis_url, database_url, merge_results, setup

USERS = int(os.environ.get("BENCH_LOAD_USERS", 100))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", 60))
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", 2 * (os.cpu_count() or 2) + 1))
PORT = int(os.environ.get("BENCH_PORT", 8765))
PER_ROLE = 25
BUDGET_MS = 500


def _user(role: str, email: str, **kwargs):
    from django.contrib.auth import get_user_model

    from tests.factories import make_user

    return get_user_model().objects.filter(email=email).first() or make_user(role, email=email, **kwargs)


def _second_factor(user) -> None:
    """Production asks staff and the committee for a TOTP device: give them one."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )


def people() -> list[dict]:
    """The Locust users' identities: role, user and what they open."""
    from django.utils import timezone

    from coaching.models import Assignment
    from monitoring.models import FollowUp
    from odco.regions.models import Region

    plan: list[dict] = []
    followed = FollowUp.objects.order_by("cooperative_id").values_list("cooperative_id", flat=True)
    from cooperatives.models import Cooperative

    for i, coop in enumerate(Cooperative.objects.filter(pk__in=list(followed[: PER_ROLE * 4]))[:PER_ROLE]):
        user = _user("cooperative", f"coop{i}@load.bench.odco.ma", cooperative=coop)
        plan.append({"role": "cooperative", "user": user})
    for region in Region.objects.order_by("code"):
        for n in range(2):
            user = _user(
                "delegation", f"delegation{n}.{region.code}@load.bench.odco.ma", region_code=region.code
            )
            plan.append({"role": "delegation", "user": user, "url": f"/dashboard/regions/{region.code}/"})
    today = timezone.localdate()
    assignments = [
        a
        for a in Assignment.objects.filter(is_active=True)
        .select_related("coach__user", "candidacy__edition__phase")
        .order_by("pk")
        if a.window and a.window[0] <= today
    ]
    if not assignments:
        raise SystemExit("the programme data has no running coaching assignment")
    for i in range(PER_ROLE):
        assignment = assignments[i % len(assignments)]
        starts, ends = assignment.window
        plan.append(
            {
                "role": "coach",
                "user": assignment.coach.user,
                "url": f"/coaching/assignments/{assignment.pk}/sessions/new/",
                "held_on": min(today, ends).isoformat(),
            }
        )
    for i in range(PER_ROLE):
        user = _user("staff", f"staff{i}@load.bench.odco.ma")
        _second_factor(user)
        plan.append({"role": "staff", "user": user})
    return plan


def sessions(plan: list[dict]) -> list[dict]:
    """One logged-in session per Locust user (interleaved roles: every fourth user is a coach…)."""
    from django.conf import settings
    from django.test import Client

    by_role: dict[str, list[dict]] = {}
    for entry in plan:
        by_role.setdefault(entry["role"], []).append(entry)
    users = []
    for i in range(USERS):
        role = ("cooperative", "delegation", "coach", "staff")[i % 4]
        entry = by_role[role][(i // 4) % len(by_role[role])]
        client = Client()
        client.force_login(entry["user"])
        users.append(
            {
                **{k: v for k, v in entry.items() if k != "user"},
                "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
            }
        )
    return users


def serve(environ: dict) -> subprocess.Popen:
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=PROJECT,
        env=environ,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "odco.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=environ,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def warm_up(plan: dict) -> None:
    """A few requests per page and gunicorn worker before the measure: a production server
    has loaded its templates and opened its database connections long before."""
    seen: dict[str, dict] = {}
    for user in plan["users"]:
        seen.setdefault(user["role"], user)
    for user in seen.values():
        url = {"cooperative": "/me/", "staff": "/cooperatives/"}.get(user["role"]) or user["url"]
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"http://127.0.0.1:{PORT}{url}",
            headers={
                "Cookie": f"{plan['session_cookie']}={user['session']}",
                "X-Forwarded-Proto": "https",
            },
        )
        for _i in range(3 * WORKERS):
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()


def run_locust(plan_path: Path, out: Path) -> None:
    subprocess.run(
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(ROOT / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(max(1, USERS // 10)),
            "--run-time",
            f"{SECONDS}s",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            str(out),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
        ],
        cwd=PROJECT,
        env={**os.environ, "BENCH_LOAD_PLAN": str(plan_path)},
        check=True,
    )


def read_stats(out: Path) -> tuple[dict, dict]:
    rows = list(csv.DictReader(open(f"{out}_stats.csv", encoding="utf-8")))  # noqa: SIM115
    pages = {
        row["Name"]: {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
        }
        for row in rows
        if row["Name"] != "Aggregated"
    }
    (total,) = [row for row in rows if row["Name"] == "Aggregated"]
    return total, pages


def main() -> int:
    redis_url = bench_redis_url()
    # the sessions made here must be valid for gunicorn: the same secret key on both sides
    setup(REDIS_URL=redis_url, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    from django.conf import settings

    from bench.programme import programme_database

    database = programme_database()
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _i in range(32))
    plan = {
        "users": sessions(people()),
        "csrf": csrf,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "origin": f"https://127.0.0.1:{PORT}",
        "stylesheet": "/static/css/odco.css",
        "action_rows": 3,
    }
    environ = {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "odco.settings.base",
    }
    load_before = os.getloadavg()[0]  # other work on this machine while it runs
    with tempfile.TemporaryDirectory(prefix="odco-load-") as tmp:
        plan_path = Path(tmp) / "plan.json"
        plan_path.write_text(json.dumps(plan))
        server = serve(environ)
        try:
            warm_up(plan)
            run_locust(plan_path, Path(tmp) / "locust")
        finally:
            server.terminate()
            server.wait(timeout=30)
        total, pages = read_stats(Path(tmp) / "locust")

    result = {
        "users": USERS,
        "seconds": SECONDS,
        "think_time_s": "1-3",
        "gunicorn_workers": WORKERS,
        "scale": "programme",
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "requests_per_second": round(float(total["Requests/s"]), 1),
        "pages": pages,
        "machine_load_before": round(load_before, 1),
    }
    path = merge_results("load", result)
    print(f"Load: {USERS} users for {SECONDS} s on gunicorn ({WORKERS} workers), programme scale")
    print(f"{'request':<34}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for name, figures in sorted(pages.items()):
        print(
            f"{name:<34}{figures['requests']:>8}{figures['failures']:>8}"
            f"{figures['p50_ms']:>9.0f}{figures['p95_ms']:>9.0f}"
        )
    print(
        f"{'all':<34}{result['requests']:>8}{result['errors']:>8}{result['p50_ms']:>9.0f}{result['p95_ms']:>9.0f}"
    )
    print(f"budget (p95 < {BUDGET_MS} ms, no errors): ", end="")
    met = result["p95_ms"] < BUDGET_MS and result["errors"] == 0
    print("met" if met else "NOT met")
    print(f"written to {path.relative_to(ROOT.parent)}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT.parent))
    sys.exit(main())
