"""Settings read from the environment. Each case starts a fresh Python process,
as a deployment would, since settings are read once at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "k7x9" * 10,
    "DJANGO_ALLOWED_HOSTS": "claims.example.org",
}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    code = f"from django.core.management import call_command; call_command(*{list(args)!r})"
    return run_django(code, **env)


@pytest.mark.parametrize("database_url", [None, "", "   "])
def test_empty_or_missing_database_url_falls_back_to_sqlite(database_url):
    env = {"DJANGO_DEBUG": "true"}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    result = run_django(
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'])",
        **env,
    )
    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(PROJECT / "db.sqlite3")


def test_database_url_selects_postgresql():
    result = run_django(
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['CONN_MAX_AGE'])",
        DJANGO_DEBUG="true",
        DATABASE_URL="postgres://claims@db.internal:5432/tracker",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "tracker",
        "db.internal",
        "60",
    ]


def test_postgresql_prepares_repeated_statements_unless_turned_off():
    read = (
        "from django.conf import settings;"
        "o = settings.DATABASES['default'].get('OPTIONS', {});"
        "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    url = "postgres://claims@db.internal:5432/tracker"
    on = run_django(read, DJANGO_DEBUG="true", DATABASE_URL=url)
    off = run_django(
        read, DJANGO_DEBUG="true", DATABASE_URL=url, DJANGO_DB_PREPARED_STATEMENTS="false"
    )
    sqlite = run_django(read, DJANGO_DEBUG="true")
    assert on.stdout.split() == ["True", "5"], on.stderr
    assert off.stdout.split() == ["None", "None"], off.stderr
    assert sqlite.stdout.split() == ["None", "None"], sqlite.stderr


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_is_secure_by_default():
    result = run_django(
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS > 0, s.ALLOWED_HOSTS)",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True True True ['claims.example.org']"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django("pass", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_is_an_error_not_a_guess():
    result = run_django("pass", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_development_needs_no_environment():
    result = run_django(
        "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT)",
        DJANGO_DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True False"
