"""Production settings come from the environment only."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"NEUGUONG_DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_argon2_hashes_passwords():
    import config.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sessions_end_after_thirty_minutes_idle():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_TOUCH_SECONDS == 60


def test_time_zone_language_and_date_format():
    from django.utils import formats, translation

    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"
    import datetime

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2026, 3, 9)) == "09/03/2026"


def test_production_refuses_to_start_without_secret_key():
    clean = {k: v for k, v in os.environ.items() if k not in {"NEUGUONG_DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**clean, "ALLOWED_HOSTS": "neuguong.example.vn"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_manage_py_without_a_secret_key_runs_in_development_mode():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env={}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("True")


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SECRET_KEY": "k" * 10 + "Zx8#pQ2!vR7@mN4$tL6%wB9^yC3&hJ5*dF1(gK0)sA" * 2,
            "ALLOWED_HOSTS": "neuguong.example.vn",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_collectstatic_works_with_production_settings(tmp_path):
    """Every vendored asset must survive hashing (e.g. no dangling source-map links)."""
    result = run_manage(
        "collectstatic",
        "--noinput",
        "-v0",
        env={
            "SECRET_KEY": "collectstatic-test-key-" + "x" * 40,
            "ALLOWED_HOSTS": "neuguong.example.vn",
            "NEUGUONG_STATIC_ROOT": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
