"""The settings module refuses to run in production without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "directory.settings", **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "env, missing",
    [
        ({"ALLOWED_HOSTS": "directory.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without(env, missing):
    result = load_settings(DJANGO_ENV="production", DATABASE_URL="", **env)
    assert result.returncode != 0
    assert f"requires {missing}" in result.stderr


def test_production_with_its_settings_starts_with_debug_off():
    result = load_settings(
        DJANGO_ENV="production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="directory.example.org",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/directory",
    )
    assert result.stdout.split() == ["False", "django.db.backends.postgresql"]


def test_laptop_default_is_sqlite_with_debug():
    result = load_settings(DJANGO_ENV="", DJANGO_DEBUG="", DATABASE_URL="")
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]
