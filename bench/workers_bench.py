"""Scale-out and memory benchmark: real Celery workers (subprocesses, `--pool=solo`) against
PostgreSQL and Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python -m bench.workers_bench

On a throw-away database (`<name>_workers_bench`), Redis database BENCH_REDIS_DB (15) and a
temporary media folder:

1. a phase with BENCH_CERTIFICATES (1,000) eligible participants in about 330 cooperatives;
2. its certificate batch (`training.certificate_batch`: issue, then a chord of chunk tasks)
   with one worker process, then again from scratch with two: seconds from sending the task
   to the job's success, and the peak resident memory (VmHWM) of the one worker;
3. a 65,000-row registry file imported by `cooperatives.import_file` in one worker: seconds
   and the worker's peak memory.

Merges `scaleout` and `memory` into `bench/results.json`.
"""

import os
import shutil
import sys
import tempfile
import time

from bench.common import ROOT, Workers, bench_redis_url, drop_database, merge_results, own_database, setup

COUNT = int(os.environ.get("BENCH_CERTIFICATES", 1000))
ROWS = int(os.environ.get("BENCH_ROWS", 65_000))
PER_COOPERATIVE = 3


def make_phase(count: int):
    """A phase whose one held session `count` participants attended (all eligible)."""
    from django.utils import timezone

    from cooperatives.models import Member
    from tests.training.factories import accompanied, coordinator, make_session, validated_phase
    from training.models import Attendance, Enrolment
    from training.services import session_transition

    phase = validated_phase()
    for _i in range((count + PER_COOPERATIVE - 1) // PER_COOPERATIVE):
        accompanied(phase, participants=PER_COOPERATIVE)
    session = make_session(phase, status="open")
    people = list(Member.objects.order_by("pk").values_list("pk", "cooperative_id")[:count])
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(session=session, participant_id=pk, cooperative_id=coop) for pk, coop in people],
        batch_size=1000,
    )
    now = timezone.now()
    Attendance.objects.bulk_create(
        [Attendance(enrolment=e, status="present", recorded_at=now) for e in enrolments], batch_size=1000
    )
    session_transition(actor=coordinator(), session=session, name="hold")
    return phase, coordinator()


def reset_certificates(phase) -> None:
    """Back to no certificate at all (rows and files), as before the first batch."""
    from django.core.files.storage import default_storage

    from odco.jobs.models import Job
    from training.models import Certificate, KitDelivery

    for name in Certificate.objects.filter(phase=phase).exclude(pdf="").values_list("pdf", flat=True):
        default_storage.delete(name)
    KitDelivery.objects.filter(item__phase=phase).delete()
    Certificate.objects.filter(phase=phase).delete()
    Job.objects.all().delete()


def certificate_run(phase, actor) -> tuple[float, dict]:
    from bench.common import wait_for_job
    from odco.jobs.services import job_create
    from training.services.certificates import JOB_KIND
    from training.tasks import certificate_batch_task

    job = job_create(kind=JOB_KIND, user=actor, params={"phase_id": phase.pk})
    started = time.perf_counter()
    certificate_batch_task.delay(str(job.pk))
    _seconds, job = wait_for_job(job.pk)
    seconds = time.perf_counter() - started
    if job.status != "succeeded" or job.result.get("rendered") != COUNT:
        raise SystemExit(f"the certificate batch did not complete: {job.status} {job.message} {job.result}")
    return seconds, job.result


def import_run(actor) -> tuple[float, dict]:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from bench.common import wait_for_job
    from bench.import_bench import generate_csv
    from cooperatives.tasks import import_cooperatives_task
    from odco.jobs.services import job_create

    path = ROOT / "tmp" / f"registry-{ROWS}.csv"
    path.parent.mkdir(exist_ok=True)
    generate_csv(path, ROWS)
    stored = default_storage.save("imports/bench-registry.csv", ContentFile(path.read_bytes()))
    job = job_create(
        kind="cooperatives.import", user=actor, params={"path": stored, "name": path.name, "partial": False}
    )
    started = time.perf_counter()
    import_cooperatives_task.delay(str(job.pk))
    _seconds, job = wait_for_job(job.pk)
    seconds = time.perf_counter() - started
    if job.status != "succeeded" or job.result.get("created") != ROWS:
        raise SystemExit(f"the import did not complete: {job.status} {job.message} {job.result}")
    return seconds, job.result


def main() -> int:
    media = tempfile.mkdtemp(prefix="odco-bench-media-")
    redis_url = bench_redis_url()
    setup(DJANGO_MEDIA_ROOT=media, REDIS_URL=redis_url, CELERY_TASK_ALWAYS_EAGER="0")
    import logging

    import redis
    from django.db import connection

    from tests.factories import make_user

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    main_name = connection.settings_dict["NAME"]
    database = own_database("workers_bench")
    redis.Redis.from_url(redis_url).flushdb()  # the benchmarks' own Redis database only
    figures: dict = {}
    try:
        started = time.perf_counter()
        phase, coordinator = make_phase(COUNT)
        print(
            f"phase with {COUNT} eligible participants in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        for count in (1, 2):
            reset_certificates(phase)
            with Workers(count, database=database, redis_url=redis_url, media_root=media) as workers:
                idle = workers.resident_mb()
                seconds, result = certificate_run(phase, coordinator)
                figures[count] = {"seconds": round(seconds, 2), "peak_mb": round(workers.peak_mb(), 1)}
                figures[count]["idle_mb"] = round(idle, 1)
            print(f"{COUNT} certificates, {count} worker(s): {seconds:.2f} s {result}", file=sys.stderr)
        staff = make_user("staff", email="staff@bench.odco.ma")
        with Workers(1, database=database, redis_url=redis_url, media_root=media, name="import") as workers:
            idle_import = workers.resident_mb()
            import_seconds, outcome = import_run(staff)
            import_peak = workers.peak_mb()
        print(f"import of {ROWS} rows in a worker: {import_seconds:.2f} s {outcome}", file=sys.stderr)
    finally:
        drop_database(main_name)
        shutil.rmtree(media, ignore_errors=True)

    from training.services.certificates import RENDER_CHUNK

    scaleout = {
        "certificates": COUNT,
        "chunk": RENDER_CHUNK,
        "seconds_1_worker": figures[1]["seconds"],
        "seconds_2_workers": figures[2]["seconds"],
        "speedup": round(figures[1]["seconds"] / figures[2]["seconds"], 2),
        "import_rows": ROWS,
        "import_seconds_in_worker": round(import_seconds, 2),
    }
    memory = {
        "certificates_mb": figures[1]["peak_mb"],
        "certificates_idle_mb": figures[1]["idle_mb"],
        "import_mb": round(import_peak, 1),
        "import_idle_mb": round(idle_import, 1),
        "measure": "peak resident memory (VmHWM) of the worker process, --pool=solo",
    }
    merge_results("scaleout", scaleout)
    path = merge_results("memory", memory)
    print(f"Scale-out: {COUNT:,} certificates (chunks of {RENDER_CHUNK}), real Celery workers on Redis")
    print(f"  1 worker : {scaleout['seconds_1_worker']:.2f} s")
    print(f"  2 workers: {scaleout['seconds_2_workers']:.2f} s  ({scaleout['speedup']:.2f}x)")
    print(f"  import of {ROWS:,} rows in a worker: {scaleout['import_seconds_in_worker']:.2f} s")
    print(
        f"Memory (worker peak RSS): certificates {memory['certificates_mb']:.0f} MB "
        f"(idle {memory['certificates_idle_mb']:.0f} MB), import {memory['import_mb']:.0f} MB "
        f"(idle {memory['import_idle_mb']:.0f} MB)"
    )
    print(f"written to {path.relative_to(ROOT.parent)}")
    return 0 if figures[1]["seconds"] < 30 else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT.parent))
    sys.exit(main())
