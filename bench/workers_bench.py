"""Scale-out and memory benchmark: real Celery workers (subprocesses, `--pool=solo`) against
PostgreSQL and Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python -m bench.workers_bench

On a throw-away database (`<name>_workers_bench`), Redis database BENCH_REDIS_DB (15) and a
temporary media folder:

1. a phase with BENCH_CERTIFICATES (1,000) eligible participants in about 330 cooperatives;
2. its certificate batch (`training.certificate_batch`: issue, then a chord of chunk tasks)
   with one worker process, then again from scratch with two: seconds from sending the task
   to the job's success (after one untimed batch that warms the workers up), and the peak
   resident memory (VmHWM) of the one worker;
3. a 65,000-row registry file imported by the upload job (`cooperatives.import_file`:
   validated whole, then a chord of chunk writes) with one worker, then two: seconds and the
   peak memory of the one worker.

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


def registry_file() -> bytes:
    from bench.import_bench import generate_csv

    path = ROOT / "tmp" / f"registry-{ROWS}.csv"
    path.parent.mkdir(exist_ok=True)
    generate_csv(path, ROWS)
    return path.read_bytes()


def import_run(actor, data: bytes) -> tuple[float, dict]:
    """The upload job of a registry file, on an empty registry (the benchmark's rows removed)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from bench.common import wait_for_job
    from cooperatives.models import Cooperative
    from cooperatives.tasks import import_cooperatives_task
    from odco.audit.models import AuditEntry
    from odco.jobs.services import job_create

    AuditEntry.objects.filter(action__startswith="cooperative.import").delete()
    Cooperative.objects.filter(registration_number__startswith="RC-").delete()
    stored = default_storage.save("imports/bench-registry.csv", ContentFile(data))
    job = job_create(
        kind="cooperatives.import",
        user=actor,
        params={"path": stored, "name": "registry.csv", "partial": False},
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
        # the serial part of a batch: issuing the certificates (one transaction) before the chunks
        reset_certificates(phase)
        from training.services.certificates import certificate_batch_prepare

        started = time.perf_counter()
        certificate_batch_prepare(actor=coordinator, phase=phase)
        issue_seconds = time.perf_counter() - started
        load_before = os.getloadavg()[0]
        for count in (1, 2):
            reset_certificates(phase)
            with Workers(count, database=database, redis_url=redis_url, media_root=media) as workers:
                idle = workers.resident_mb()
                # an untimed batch first: each fresh worker process loads WeasyPrint's fonts
                # once, on its first chunk (as a long-running worker of production has)
                certificate_run(phase, coordinator)
                reset_certificates(phase)
                seconds, result = certificate_run(phase, coordinator)
                figures[count] = {"seconds": round(seconds, 2), "peak_mb": round(workers.peak_mb(), 1)}
                figures[count]["idle_mb"] = round(idle, 1)
            print(f"{COUNT} certificates, {count} worker(s): {seconds:.2f} s {result}", file=sys.stderr)
        staff = make_user("staff", email="staff@bench.odco.ma")
        data = registry_file()
        imports: dict = {}
        for count in (1, 2):
            with Workers(
                count, database=database, redis_url=redis_url, media_root=media, name="import"
            ) as workers:
                idle = workers.resident_mb()
                seconds, outcome = import_run(staff, data)
                imports[count] = {"seconds": round(seconds, 2), "peak_mb": round(workers.peak_mb(), 1)}
                imports[count]["idle_mb"] = round(idle, 1)
            print(f"import of {ROWS} rows, {count} worker(s): {seconds:.2f} s {outcome}", file=sys.stderr)
    finally:
        drop_database(main_name)
        shutil.rmtree(media, ignore_errors=True)

    from cooperatives.tasks import IMPORT_CHUNK_ROWS
    from training.services.certificates import RENDER_CHUNK

    scaleout = {
        "certificates": COUNT,
        "chunk": RENDER_CHUNK,
        "seconds_1_worker": figures[1]["seconds"],
        "seconds_2_workers": figures[2]["seconds"],
        "speedup": round(figures[1]["seconds"] / figures[2]["seconds"], 2),
        "issue_seconds_serial": round(issue_seconds, 2),
        "machine_load_before": round(load_before, 1),
        "import_rows": ROWS,
        "import_chunk": IMPORT_CHUNK_ROWS,
        "import_seconds_1_worker": imports[1]["seconds"],
        "import_seconds_2_workers": imports[2]["seconds"],
    }
    memory = {
        "certificates_mb": figures[1]["peak_mb"],
        "certificates_idle_mb": figures[1]["idle_mb"],
        "import_mb": imports[1]["peak_mb"],
        "import_idle_mb": imports[1]["idle_mb"],
        "measure": "peak resident memory (VmHWM) of the worker process, --pool=solo",
    }
    merge_results("scaleout", scaleout)
    path = merge_results("memory", memory)
    print(f"Scale-out: {COUNT:,} certificates (chunks of {RENDER_CHUNK}), real Celery workers on Redis")
    print(f"  1 worker : {scaleout['seconds_1_worker']:.2f} s")
    print(f"  2 workers: {scaleout['seconds_2_workers']:.2f} s  ({scaleout['speedup']:.2f}x)")
    print(
        f"Import of {ROWS:,} rows (validated whole, written in chunks of {IMPORT_CHUNK_ROWS:,}): "
        f"1 worker {scaleout['import_seconds_1_worker']:.2f} s, "
        f"2 workers {scaleout['import_seconds_2_workers']:.2f} s"
    )
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
