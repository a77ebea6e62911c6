"""The `programme`-scale database of the load and committee-report benchmarks.

`<DATABASE_URL's name>_programme_bench` on the same server, migrated, and seeded once with
`seed_demo --scale programme` (about a minute); later runs reuse it (BENCH_RESEED=1 starts
afresh). Never a test database: test runs create and drop their own.
"""

import os
import sys
import time

from bench.common import own_database


def programme_database() -> str:
    """Point the connection at the programme database (seeding it if needed); its name."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    main = connection.settings_dict["NAME"]
    name = own_database("programme_bench", keep=os.environ.get("BENCH_RESEED") != "1")
    seeded = get_user_model().objects.filter(email="staff@demo.odco.ma").exists() and _has_reports()
    if not seeded:
        started = time.perf_counter()
        print(f"seeding {name} at programme scale (once)…", file=sys.stderr)
        call_command("seed_demo", scale="programme", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    connection.settings_dict["TEST"]["NAME"] = name
    assert name != main
    return name


def _has_reports() -> bool:
    from monitoring.models import PeriodicReport

    return PeriodicReport.objects.exists()
