"""`make backup` then `make restore` into an empty database: the same data and files."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from cooperatives.models import Cooperative, Member
from odco.accounts.models import User
from tests.factories import CooperativeFactory, make_user

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="backups are pg_dump archives"),
]

ROOT = Path(__file__).resolve().parent.parent.parent


def url(name: str) -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def admin_sql(sql: str) -> None:
    import psycopg2

    db = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql)
    admin.close()


def query(name: str, sql: str) -> list[tuple]:
    import psycopg2

    with psycopg2.connect(url(name)) as conn, conn.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    conn.close()
    return rows


def run(script: str, *args: str, **env) -> str:
    result = subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def empty_database():
    name = connection.settings_dict["NAME"] + "_restored"
    admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin_sql(f'CREATE DATABASE "{name}"')
    yield name
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_an_empty_database_has_the_same_data_and_files(tmp_path, empty_database):
    coops = [CooperativeFactory() for _ in range(3)]
    Member.objects.create(cooperative=coops[0], first_name="Aicha", last_name="Ouali", gender="f")
    make_user("delegation", region_code="09", email="backup@odco.ma")
    media = tmp_path / "media"
    (media / "private" / "evidence").mkdir(parents=True)
    (media / "private" / "evidence" / "invoice.pdf").write_bytes(b"%PDF-1.4 evidence")
    source = connection.settings_dict["NAME"]

    archive = run(
        "backup.sh", DATABASE_URL=url(source), DJANGO_MEDIA_ROOT=str(media), BACKUP_DIR=str(tmp_path / "b")
    )
    assert Path(archive).name.startswith("odco-") and archive.endswith(".tar.gz")
    restored_media = tmp_path / "restored-media"
    run("backup_restore.sh", archive, DATABASE_URL=url(empty_database), DJANGO_MEDIA_ROOT=str(restored_media))

    for model in (Cooperative, Member, User):
        sql = f"SELECT * FROM {model._meta.db_table} ORDER BY id"
        assert query(empty_database, sql) == query(source, sql), model.__name__
    assert query(empty_database, "SELECT count(*) FROM cooperatives_cooperative") == [(3,)]
    assert (restored_media / "private" / "evidence" / "invoice.pdf").read_bytes() == b"%PDF-1.4 evidence"
    migrations = "SELECT app, name FROM django_migrations ORDER BY id"
    assert query(empty_database, migrations) == query(source, migrations)


def test_restore_without_an_archive_fails_and_says_so(tmp_path):
    result = subprocess.run(
        [str(ROOT / "scripts" / "backup_restore.sh")],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DATABASE_URL": url("nowhere"), "BACKUP_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "No backup archive found" in result.stderr
