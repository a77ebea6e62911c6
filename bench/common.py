"""What the benchmarks share: set-up, their own databases and Redis, results.json, percentiles,
process memory and Celery workers started as subprocesses.

Every benchmark works on a database of its own on the server of DATABASE_URL (never the test
databases of CI or of developers) and, when it needs a broker, on a Redis database of its own
(BENCH_REDIS_DB, 15 by default) so that a worker started by a test run elsewhere never takes
its tasks.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent
PROJECT = ROOT.parent
VENV_BIN = Path(sys.executable).parent


def bench_redis_url() -> str:
    """REDIS_URL with the benchmarks' own database number."""
    url = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit(url._replace(path=f"/{os.environ.get('BENCH_REDIS_DB', '15')}"))


def database_url(name: str) -> str:
    """DATABASE_URL pointing at database `name` on the same server."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path=f"/{name}"))


def setup(**environ: str) -> None:
    """django.setup() with the base settings (and `environ` set first)."""
    os.environ.update(environ)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odco.settings.base")
    if str(PROJECT) not in sys.path:
        sys.path.insert(0, str(PROJECT))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver", "127.0.0.1", "localhost"]


def own_database(suffix: str, *, keep: bool = False) -> str:
    """Create (or, with `keep`, reuse) `<DATABASE_URL's name>_<suffix>` with every migration,
    and point the connection at it. Returns its name."""
    from django.db import connection

    main = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{main}_{suffix}"
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)


def drop_database(main_name: str) -> None:
    from django.db import connection

    connection.creation.destroy_test_db(main_name, verbosity=0)


def merge_results(key: str, figures: dict) -> Path:
    path = ROOT / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results[key] = figures
    path.write_text(json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def memory_mb(pid: int, field: str = "VmHWM") -> float:
    """A process's resident memory from /proc (VmHWM: its peak so far; VmRSS: now), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class Workers:
    """`count` Celery worker processes (`celery worker --pool=solo`: each process runs one task
    at a time, so one process is one worker) on the benchmark's database and Redis."""

    def __init__(self, count: int, *, database: str, redis_url: str, media_root: str, name: str = "bench"):
        self.count = count
        self.environ = {
            **os.environ,
            "DATABASE_URL": database_url(database),
            "REDIS_URL": redis_url,
            "DJANGO_MEDIA_ROOT": media_root,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "DJANGO_CONN_MAX_AGE": "0",
        }
        self.name = name
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> "Workers":
        for i in range(self.count):
            self.processes.append(
                subprocess.Popen(
                    [
                        str(VENV_BIN / "celery"),
                        "-A",
                        "odco",
                        "worker",
                        "--pool=solo",
                        f"--loglevel={os.environ.get('BENCH_WORKER_LOGLEVEL', 'warning')}",
                        "--without-gossip",
                        "--without-mingle",
                        "--without-heartbeat",
                        "-n",
                        f"{self.name}{i}@%h",
                    ],
                    cwd=PROJECT,
                    env=self.environ,
                    stdout=subprocess.DEVNULL,
                    stderr=sys.stderr if os.environ.get("BENCH_VERBOSE") else subprocess.DEVNULL,
                )
            )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        from odco.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                raise RuntimeError("a Celery worker of the benchmark exited while starting")
            replies = app.control.ping(timeout=0.5) or []
            names = {name for reply in replies for name in reply}
            if sum(1 for name in names if name.startswith(self.name)) >= self.count:
                return
        raise RuntimeError(f"{self.count} Celery workers did not answer within {timeout:.0f} s")

    def peak_mb(self) -> float:
        return max(memory_mb(p.pid) for p in self.processes)

    def resident_mb(self) -> float:
        return max(memory_mb(p.pid, "VmRSS") for p in self.processes)

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for_job(job_id, *, timeout: float = 600) -> tuple[float, object]:
    """Seconds until the job finished (polled every 50 ms), and the job."""
    from odco.jobs.models import Job

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        job = Job.objects.get(pk=job_id)
        if job.is_finished:
            return time.perf_counter() - started, job
        time.sleep(0.05)
    raise RuntimeError(f"job {job_id} not finished after {timeout:.0f} s")
