"""OTDESK_PRODUCTION: Django's deployment check finds nothing; a missing key or host name
stops start-up; the site answers only over HTTPS with HSTS and __Host- cookies. Without
it, development keeps plain http and Django's cookie names. Request size limits, and the
client's address from the TLS proxy's header."""

import json
import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from otdesk.core.models import AuditEvent
from otdesk.testing.login import sign_in

from .test_settings import ROOT, _python, _run

KEY = "Jq3v9ZkT0wXbYp7LrN2sFh5GdUe8CmAiOx4Wz1Ry6Vt-KlMn_PoQsBcDgEfHjIu"
HOST = "otdesk.example.org"
PRODUCTION = {"OTDESK_PRODUCTION": "1", "SECRET_KEY": KEY, "OTDESK_ALLOWED_HOSTS": HOST}
SHOWN = (
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_DOMAIN",
)
SHOW = (
    "import json, os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'otdesk.settings'; "
    "django.setup(); from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {SHOWN!r}}}))"
)


def _settings_of(tmp_path, **env: str) -> dict:
    result = _python(SHOW, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    shown: dict = json.loads(result.stdout)
    return shown


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory) -> dict:
    """The settings a production process reads (its own interpreter, the production
    environment), as JSON gives them back."""
    return _settings_of(tmp_path_factory.mktemp("production"), **PRODUCTION)


def test_production_turns_on_https_only(production_settings):
    assert production_settings == {
        "DEBUG": False,
        "ALLOWED_HOSTS": [HOST],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_PATH": "/",
        "CSRF_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
        "CSRF_COOKIE_DOMAIN": None,
    }


def test_development_keeps_plain_http_and_django_cookie_names(tmp_path):
    assert _settings_of(tmp_path) == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost", "testserver"],
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "LANGUAGE_COOKIE_SECURE": False,
        "SESSION_COOKIE_NAME": "sessionid",
        "CSRF_COOKIE_NAME": "csrftoken",
        "SESSION_COOKIE_PATH": "/",
        "CSRF_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
        "CSRF_COOKIE_DOMAIN": None,
    }


def _deploy_check(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    """`manage.py check --deploy` failing on any warning, in the environment of a server:
    none of OT Desk's variables but those given, and not the test suite's
    DJANGO_ALLOW_ASYNC_UNSAFE (the root conftest's, for Playwright), which the check
    rightly refuses."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OTDESK_", "DJANGO_")) and key not in {"SECRET_KEY", "DATABASE_URL"}
    }
    environ |= {"HOME": str(tmp_path), "OTDESK_DATA_DIR": str(tmp_path / "data"), **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_deployment_check_finds_nothing_in_production(tmp_path):
    result = _deploy_check(tmp_path, **PRODUCTION)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_the_deployment_check_finds_nothing_with_a_replica(tmp_path):
    database = "postgres://otdesk:secret@db.example.org:5432/otdesk"
    result = _deploy_check(
        tmp_path,
        **PRODUCTION,
        DATABASE_URL=database,
        OTDESK_REPLICA_DATABASE_URL=database.replace("db.", "replica."),
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "System check identified no issues (0 silenced).\n"


NEEDS_KEY = (
    "ImproperlyConfigured: OTDESK_PRODUCTION is on, so SECRET_KEY must be set to a long "
    "random value (50 characters or more, the same on every machine). Make one with: "
    "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
)
NEEDS_HOSTS = (
    "ImproperlyConfigured: OTDESK_PRODUCTION is on, so OTDESK_ALLOWED_HOSTS must name the "
    "site's host names, e.g. OTDESK_ALLOWED_HOSTS=otdesk.example.org ('*' is refused)."
)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, NEEDS_KEY),
        ({"SECRET_KEY": "too-short-a-key"}, NEEDS_KEY),
        ({"SECRET_KEY": "django-insecure-" + KEY}, NEEDS_KEY),
        ({"SECRET_KEY": "ab" * 40}, NEEDS_KEY),
        ({"OTDESK_ALLOWED_HOSTS": ""}, NEEDS_HOSTS),
        ({"OTDESK_ALLOWED_HOSTS": "*"}, NEEDS_HOSTS),
        (
            {"OTDESK_DEBUG": "1"},
            "ImproperlyConfigured: OTDESK_DEBUG cannot be on with OTDESK_PRODUCTION: the debug "
            "pages show settings and records to anyone who causes an error.",
        ),
        (
            {"OTDESK_CLIENT_ADDRESS_HEADER": "X-Real-IP: 1"},
            "ImproperlyConfigured: OTDESK_CLIENT_ADDRESS_HEADER='X-Real-IP: 1' is not a header "
            "name (letters, digits and '-', e.g. X-Real-IP).",
        ),
    ],
)
def test_production_refuses_to_start_without_what_it_needs(tmp_path, change, message):
    result = _run(["manage.py", "check"], tmp_path, **(PRODUCTION | change))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == f"django.core.exceptions.{message}"


def test_a_replica_of_another_kind_of_database_is_refused(tmp_path):
    result = _python(
        "import otdesk.settings",
        tmp_path,
        OTDESK_REPLICA_DATABASE_URL="postgres://otdesk:secret@replica.example.org/otdesk",
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: OTDESK_REPLICA_DATABASE_URL must be a "
        "copy of the database DATABASE_URL names (same kind): it is "
        "django.db.backends.postgresql, the database is django.db.backends.sqlite3."
    )


# The same settings in this process, for the answers themselves ---------------------------


@pytest.fixture
def production(settings, production_settings):
    for name, value in production_settings.items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)
    settings.ALLOWED_HOSTS = [HOST]
    return Client(HTTP_HOST=HOST)


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(production):
    response = production.get("/login/?next=/students/")
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/login/?next=/students/"


@pytest.mark.django_db
def test_https_through_the_proxy_gets_the_page_with_hsts(production):
    response = production.get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def _cookie_attributes(morsel) -> dict:
    return {
        "secure": morsel["secure"],
        "path": morsel["path"],
        "domain": morsel["domain"],
        "httponly": morsel["httponly"],
        "samesite": morsel["samesite"],
    }


HOST_ONLY = {"secure": True, "path": "/", "domain": "", "httponly": True, "samesite": "Lax"}


def test_signing_in_sets_host_only_secure_cookies(production, world):
    world.therapist.set_password("a long enough password")
    world.therapist.save(update_fields=["password"])
    page = production.get("/login/", HTTP_X_FORWARDED_PROTO="https")
    assert sorted(page.cookies) == ["__Host-csrftoken"]
    assert _cookie_attributes(page.cookies["__Host-csrftoken"]) == HOST_ONLY
    signed_in = production.post(
        "/login/",
        {"username": world.therapist.username, "password": "a long enough password"},
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert signed_in.status_code == 302
    assert sorted(signed_in.cookies) == ["__Host-csrftoken", "__Host-sessionid"]
    assert _cookie_attributes(signed_in.cookies["__Host-sessionid"]) == HOST_ONLY


# What a request may send -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_form_body_over_two_and_a_half_megabytes_is_refused(client):
    response = client.post("/login/", {"username": "x" * 2_700_000, "password": "y"})
    assert response.status_code == 400


def test_more_than_five_files_are_refused(world):
    client = Client()
    sign_in(client, world.coordinator)
    files = [SimpleUploadedFile(f"roster-{n}.zip", b"PK") for n in range(6)]
    response = client.post(reverse("roster:home"), {"file": files})
    assert response.status_code == 400


# The client's address behind the TLS proxy ----------------------------------------------------


def _viewed_from(world, **headers: str) -> list[str | None]:
    client = Client()
    sign_in(client, world.therapist)
    response = client.get(reverse("students:detail", args=[world.student.pk]), **headers)
    assert response.status_code == 200
    return list(
        AuditEvent.objects.filter(
            student_id=world.student.pk, summary="Opened the student's record"
        ).values_list("address", flat=True)
    )


def test_the_proxy_header_names_the_address_the_access_log_records(world, settings):
    settings.OTDESK_CLIENT_ADDRESS_HEADER = "X-Real-IP"
    assert _viewed_from(world, HTTP_X_REAL_IP="203.0.113.7") == ["203.0.113.7"]


def test_without_the_setting_the_header_is_ignored(world):
    assert _viewed_from(world, HTTP_X_REAL_IP="203.0.113.7") == ["127.0.0.1"]
