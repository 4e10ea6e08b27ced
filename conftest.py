"""Personas shared by every test: the owning therapist, a teacher, an aide, a parent,
a coordinator and an outsider, around one student with an IEP."""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from otdesk.accounts.models import Role, User
from otdesk.activities.models import Activity, ActivityArea, ActivityText
from otdesk.activities.seed import load_library
from otdesk.assessments.catalog_data import load as load_catalog
from otdesk.assessments.models import AssessmentPart, AssessmentTool
from otdesk.students.models import IEP, ServiceKind, Student, TeamRole
from otdesk.testing import factories as f

# Playwright's sync API runs an event loop in the test thread; Django's ORM would
# otherwise refuse to run in that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# On PostgreSQL a test's connection gives up waiting for a lock after two minutes: a lock
# left held (a worker, a thread, a live-server request that never finished) then fails
# the test that waits, with the table named, instead of stalling the run until CI's clock
# runs out. The timeout in pyproject.toml catches a hang anywhere else.
if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _options = django_settings.DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c lock_timeout=120000".strip()


@dataclass
class World:
    district: object
    school: object
    student: Student
    iep: IEP
    therapist: User
    cota: User
    teacher: User
    aide: User
    parent: User
    coordinator: User
    outsider: User


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    """Real hashing costs most of a second per password; tests need many."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_between_tests():  # type: ignore[no-untyped-def]
    """A request in Spanish leaves Spanish active in the thread (LocaleMiddleware does not
    switch back); each test starts in the site's language."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def world(db: None) -> World:
    district = f.make_district()
    school = f.make_school(district)
    teacher = f.make_user(Role.TEACHER, district, first_name="Tess", last_name="Teacher")
    classroom = f.make_classroom(school, teacher=teacher, grade="2")
    student = f.make_student(school, classroom, first_name="Maya", last_name="Lopez")
    iep = f.make_iep(student)
    f.make_line(iep, minutes=30)
    f.make_line(
        iep,
        kind=ServiceKind.CONSULTATION,
        delivery_model="consultation",
        minutes=60,
        period="month",
    )
    f.make_goal(iep)
    f.make_strategy(student)
    therapist = f.make_user(Role.OT, district, username="otr", first_name="Olive", last_name="Ot")
    cota = f.make_user(Role.COTA, district, username="cota")
    aide = f.make_user(Role.AIDE, district, username="aide")
    parent = f.make_user(Role.GUARDIAN, district, username="parent")
    coordinator = f.make_user(Role.COORDINATOR, district, username="coord")
    outsider = f.make_user(Role.OT, district, username="outsider")
    f.add_to_team(student, therapist, TeamRole.OT)
    f.add_to_team(student, cota, TeamRole.COTA)
    f.add_to_team(student, aide, TeamRole.AIDE)
    f.add_to_team(student, parent, TeamRole.GUARDIAN, relationship="Mother")
    return World(
        district=district,
        school=school,
        student=student,
        iep=iep,
        therapist=therapist,
        cota=cota,
        teacher=teacher,
        aide=aide,
        parent=parent,
        coordinator=coordinator,
        outsider=outsider,
    )


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    # Playwright is imported only when a browser test asks for it: the other tests (and a
    # machine without the browser installed) never load it.
    from playwright.sync_api import sync_playwright

    from otdesk.testing.browser import CHROMIUM, CHROMIUM_ARGS  # loads Playwright too

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=["desktop", "phone"])
def page(request, browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh browser tab at desktop width, then (second run) at phone width."""
    from otdesk.testing.browser import DESKTOP, PHONE  # loads Playwright: see browser()

    viewport = DESKTOP if request.param == "desktop" else PHONE
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.width_name = request.param
    yield tab
    context.close()


@pytest.fixture
def library(db):  # type: ignore[no-untyped-def]
    """The shipped activity library, reloaded when a transactional test emptied the tables."""
    load_library(Activity, ActivityArea, ActivityText)


@pytest.fixture
def catalog(db):  # type: ignore[no-untyped-def]
    """The shipped assessment catalog, reloaded when a transactional test emptied it."""
    load_catalog(AssessmentTool, AssessmentPart)
