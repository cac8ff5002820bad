"""What a benchmark ran on: machine, software versions, database and data size."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection

from claims.models import Claim, Document, Event, Figure, Place, Relation, Review, Source


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except (OSError, ValueError, IndexError):
        pass
    return None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
    return connection.vendor


def database_memory() -> str | None:
    """PostgreSQL's shared_buffers: whether the tables a run reads stay in the
    server's own cache decides much of what the database costs (the default,
    128 MB, is a quarter of the claims table at a million claims)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_table_size('claims_claim'))")
        claims = cursor.fetchone()[0]
    return f"{shared_buffers} (the claims table: {claims})"


def data_size() -> list[tuple[str, int]]:
    """Exact row counts of the tables the benchmark reads."""
    models = [Claim, Event, Source, Place, Figure, Relation, Review, Document]
    return [(model._meta.verbose_name_plural, model.objects.count()) for model in models]


def _prepared_statements() -> str:
    threshold = connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold")
    return f"after {threshold} runs" if threshold is not None else "off"


def describe(floor_driver: str, encoder: str) -> dict:
    memory = memory_gib()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": [
            ("CPU", cpu_model()),
            ("cores", str(cores())),
            ("memory", f"{memory:.0f} GiB" if memory else "unknown"),
            ("OS", f"{platform.system()} {platform.release()}"),
            ("Python", platform.python_version()),
            (
                "Django / DRF / django-filter",
                f"{_version('Django')} / {_version('djangorestframework')} / "
                f"{_version('django-filter')}",
            ),
            ("database", f"{database_version()} ({connection.vendor})"),
            (
                "Django driver",
                f"psycopg {_version('psycopg')}"
                if connection.vendor == "postgresql"
                else "sqlite3",
            ),
            *(
                [("shared_buffers", memory_setting)]
                if (memory_setting := database_memory())
                else []
            ),
            ("CONN_MAX_AGE", str(connection.settings_dict.get("CONN_MAX_AGE"))),
            ("prepared statements", _prepared_statements()),
            ("floor", f"{floor_driver}, {encoder}"),
            ("DEBUG while measuring", "False"),
        ],
        "data": data_size(),
        "settings_module": settings.SETTINGS_MODULE,
    }
