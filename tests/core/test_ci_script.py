"""`.ci/run` runs the README's `make test` as a newcomer does (SQLite, the embedded queue) and
again against PostgreSQL and Redis; a failure in either run fails CI."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

# Stand-ins for the commands the script calls: `make` records its target and the variables it
# was given (and fails where asked); the service probes answer that everything is up.
FAKE_MAKE = """#!/usr/bin/env bash
seen="$1|${DATABASE_URL:-}|${REDIS_URL:-}|${ODCO_REQUIRE_REDIS:-}"
echo "$seen|${DJANGO_TEST_DATABASE_NAME:-}|${PYTEST_ADDOPTS:-}" >> "$CALLS"
[ "${FAIL_AT:-}" = "$1:${DATABASE_URL:+postgres}" ] && exit 3
exit 0
"""


def _run_ci(tmp_path, **extra_env):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in {
        "make": FAKE_MAKE,
        "pg_isready": "#!/bin/sh\nexit 0\n",
        "redis-cli": "#!/bin/sh\nexit 0\n",
        "apt-get": "#!/bin/sh\nexit 0\n",
    }.items():
        path = bin_dir / name
        path.write_text(body)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    calls = tmp_path / "calls"
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "CALLS": str(calls),
        # Left over from the caller: the newcomer's run must not see them.
        "DATABASE_URL": "postgres://someone@elsewhere/db",
        "REDIS_URL": "redis://elsewhere:6379/3",
        "ODCO_REQUIRE_REDIS": "1",
        **extra_env,
    }
    result = subprocess.run(
        [str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    lines = calls.read_text().splitlines() if calls.exists() else []
    return result.returncode, [line.split("|") for line in lines]


def test_ci_runs_make_test_on_sqlite_then_on_postgresql_and_redis(tmp_path):
    status, calls = _run_ci(tmp_path)
    assert status == 0
    assert [c[0] for c in calls] == ["test", "test", "check"]
    newcomer, server = calls[0], calls[1]
    assert newcomer[1:5] == ["", "", "", ""]  # no DATABASE_URL, REDIS_URL, ODCO_REQUIRE_REDIS, test DB
    assert server[1:5] == [
        "postgres://postgres@127.0.0.1:5432/test",
        "redis://127.0.0.1:6379/0",
        "1",
        "test_odco_ci",
    ]
    assert "--create-db" in server[5] and "--create-db" not in newcomer[5]


@pytest.mark.parametrize("failing", ["test:", "test:postgres", "check:postgres"])
def test_a_failure_in_either_run_fails_ci(tmp_path, failing):
    status, calls = _run_ci(tmp_path, FAIL_AT=failing)
    assert status == 3
    ran = [f"{c[0]}:{'postgres' if c[1] else ''}" for c in calls]
    assert ran[-1] == failing  # nothing runs after the failure
