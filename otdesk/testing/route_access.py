"""Who may open each route: the classification the authorization matrix checks
(otdesk/core/tests/test_authorization_matrix.py).

A new route needs ONE line in ROUTES: its URL name ("app:name"; the route itself when the
pattern has no name) and the relationship that grants it, e.g.

    "students:goal_edit": IEP_EDITOR,

Each relationship names the personas of otdesk/testing/personas.py who hold it for the
world's records (the routes' ids are Marisol's records: her page, her session, her
program...). The expected answers follow: the page for `ok`, 403 for `read_only`, 404 for
everyone else signed in (`hidden`), the sign-in page for anonymous. When no relationship
below fits, make one with rule(...) next to the others and say in its name who it is for.
A path id is filled from IDS (the word before it in the route, or its own name); a new
kind of record needs an entry there and the record in personas.build_world.
"""

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from otdesk.testing.personas import PERSONAS, SIGNED_IN, MatrixWorld


@dataclass(frozen=True)
class Rule:
    """A relationship: who gets the page (ok), who may only read it (403); everyone else
    signed in gets `hidden` (404), anonymous the sign-in page."""

    name: str
    ok: frozenset[str]
    read_only: frozenset[str] = frozenset()
    hidden: int | str = 404  # or "sign-in"
    query: tuple[tuple[str, str], ...] = ()  # query values the page needs (record names)
    answers_for: tuple[tuple[str, str], ...] = ()  # a persona's own expected answer
    # Personas who open the page but whose POST of the form must not change this table.
    guard_for: frozenset[str] = frozenset()
    guarded_table: str = ""
    speaks_for: str | None = None  # whose children the page may name (a feed's owner)
    no_post: bool = False  # a POST would end the persona's session (sign-out)


def rule(name: str, ok: tuple[str, ...], read_only: tuple[str, ...] = (), **kw: Any) -> Rule:
    unknown = (set(ok) | set(read_only)) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    return Rule(name, frozenset(ok), frozenset(read_only), **kw)


THERAPISTS = ("owning_ot", "other_ot", "cota")
COORDINATORS = ("coordinator", "other_coordinator")
GUARDIANS = ("guardian", "other_guardian")
SEES_MARISOL = ("owning_ot", "cota", "teacher", "coordinator")

# Relationships (who holds them in personas.build_world's records) --------------------
PUBLIC = rule("public: anyone, signed in or not", PERSONAS)
SIGN_OUT = rule("public: signing out (not POSTed: it ends the session)", PERSONAS, no_post=True)
SIGNED_IN_PAGE = rule("anyone signed in (their own home, menu, lists)", SIGNED_IN)
THERAPIST_OWN = rule("own record: a therapist's own page (OT or COTA)", THERAPISTS)
COORDINATOR_OWN = rule("district coordinator: their own district's page", COORDINATORS)
GUARDIAN_OWN = rule("guardian: their own children's page", GUARDIANS)
GUARDIAN_OF_CHILD = rule("guardian of the child", ("guardian",))
READS_STUDENT = rule(
    "reads the student: served (OT/COTA), class teacher, district coordinator", SEES_MARISOL
)
IEP_EDITOR = rule(
    "IEP editor: the student's OT; others who see the student read only",
    ("owning_ot",),
    ("cota", "teacher", "coordinator"),
)
SERVED_STUDENT = rule(
    "served student (OT/COTA); class teacher and coordinator read only",
    ("owning_ot", "cota"),
    ("teacher", "coordinator"),
)
SERVED_STUDENT_ONLY = rule("served student (OT/COTA); everyone else hidden", ("owning_ot", "cota"))
RAISES_CONCERN = rule(
    "raises a concern: class teacher or served student (OT/COTA); coordinator reads only",
    ("owning_ot", "cota", "teacher"),
    ("coordinator",),
)
SERVED_OR_GUARDIAN = rule(
    "served student (OT/COTA) or guardian of the child", ("owning_ot", "cota", "guardian")
)
STRATEGY_REVIEW = replace(
    SERVED_STUDENT,
    name="served student (OT/COTA) reviews; only the IEP editor changes the strategy",
    guard_for=frozenset({"cota"}),
    guarded_table="students_strategy",
)
REQUEST_DECISION = replace(
    SERVED_STUDENT_ONLY,
    name="served student (OT/COTA) answers a parent's request; only the IEP editor marks "
    "the strategy written in the IEP",
    guard_for=frozenset({"cota"}),
    guarded_table="students_strategy",
)
CONSULTATION_READER = rule(
    "served student (OT/COTA) or class teacher (consultation notes, never session notes)",
    ("owning_ot", "cota", "teacher"),
)
OWN_SESSION = rule(
    "own record: the session's provider; others serving a student in it read only",
    ("owning_ot",),
    ("cota",),
)
OWN_RECORD = rule("own record: the owning OT's own record (others hidden)", ("owning_ot",))
OWN_PLANNED = rule(
    "own record: the planned session's therapist; those who may read it (therapists at the "
    "school or serving a student, the class teacher, the coordinator) read only",
    ("owning_ot",),
    ("other_ot", "cota", "teacher", "coordinator"),
)
OWN_BOOKING = rule(
    "own record: the booked make-up's therapist; others who see the student read only",
    ("owning_ot",),
    ("cota", "teacher", "coordinator"),
)
PROGRAM_READER = rule(
    "program aide, served student (OT/COTA), district coordinator",
    ("owning_ot", "cota", "aide", "coordinator"),
)
PROGRAM_LOGGER = rule(
    "program aide or served student (OT/COTA) log; coordinator reads only",
    ("owning_ot", "cota", "aide"),
    ("coordinator",),
)
PROGRAM_EDITOR = rule(
    "served student (OT/COTA) changes a program; program aide and coordinator read only",
    ("owning_ot", "cota"),
    ("aide", "coordinator"),
)
PROGRAM_LIST = rule(
    "own list: therapists, implementers (aides, teachers) and coordinators",
    (*THERAPISTS, "teacher", "other_teacher", "aide", "other_aide", *COORDINATORS),
)
CALENDARS = rule(
    "own list: therapists, teachers and coordinators (week calendars, schedule set-up)",
    (*THERAPISTS, "teacher", "other_teacher", *COORDINATORS),
)
SCHOOL_WEEK = rule(
    "works at the school (OT/COTA assigned) or district coordinator", (*THERAPISTS, "coordinator")
)
CLASSROOM_WEEK = rule(
    "class teacher, served student in the class (OT/COTA), district coordinator",
    ("owning_ot", "cota", "teacher", "coordinator"),
)
SCHOOL_SETUP = rule(
    "bell schedule: therapists at the school, its teachers (their room), the coordinator",
    (*THERAPISTS, "teacher", "other_teacher", "coordinator"),
)
WHOLE_SCHOOL_BLOCK = rule(
    "whole-school block: therapists at the school and the coordinator; teachers read only",
    (*THERAPISTS, "coordinator"),
    ("teacher", "other_teacher"),
)
TRAVEL = rule("district's therapists and coordinators", (*THERAPISTS, *COORDINATORS))
DISTRICT_RUNS = rule(
    "district coordinator: their own district's runs; therapists read that they may not",
    COORDINATORS,
    THERAPISTS,
)
DISTRICT_RUN = rule(
    "district coordinator of the run's district; therapists of the district read only",
    ("coordinator",),
    THERAPISTS,
)
# The feed names no child in full (a calendar app may share it): each holder of the token
# is checked as themselves, anonymous included. A feed that must name children would read
# as its owner: speaks_for="owning_ot".
FEED_TOKEN = rule("public with the token: the owner's calendar feed (no child named)", PERSONAS)
SITE_OPERATOR = rule(
    "site operator: the Django admin (is_staff); everyone else to the admin's sign-in",
    ("operator",),
    hidden="sign-in",
)

NO_ADMIN_PAGE = replace(
    SITE_OPERATOR,
    name="site operator: an admin address with no page (404 to the operator)",
    ok=frozenset(),
    answers_for=(("operator", "404"),),
)


def needs(base: Rule, **query: str) -> Rule:
    """The rule of a page that needs query values (record names from IDS' values)."""
    return replace(base, query=tuple(query.items()))


# The classification: one line per route ('app:name', or the route of an unnamed one) ----
ROUTES: dict[str, Rule] = {
    # Django's and the project's own
    "home": SIGNED_IN_PAGE,
    "login": PUBLIC,
    "logout": SIGN_OUT,
    "set_language": PUBLIC,
    "more": SIGNED_IN_PAGE,
    "favicon.ico": PUBLIC,
    "delivery:district/make-up-policy/": PUBLIC,  # a redirect to delivery:policy (guarded)
    "admin:*": SITE_OPERATOR,
    "admin:admin/(?P<url>.*)$": NO_ADMIN_PAGE,
    "admin:view_on_site": NO_ADMIN_PAGE,  # no model has a page of its own on the site
    "admin:login": PUBLIC,
    "admin:logout": SIGN_OUT,
    # students
    "students:caseload": SIGNED_IN_PAGE,
    "students:team_queue": THERAPIST_OWN,
    "students:concern_answer": SERVED_STUDENT,
    "students:request_decide": REQUEST_DECISION,
    "students:family": GUARDIAN_OWN,
    "students:family_request": GUARDIAN_OF_CHILD,
    "students:concern_new": RAISES_CONCERN,
    "students:strategy_history": READS_STUDENT,
    "students:strategy_review": STRATEGY_REVIEW,
    "students:detail": READS_STUDENT,
    "students:iep_edit": IEP_EDITOR,
    "students:line_add": IEP_EDITOR,
    "students:line_edit": IEP_EDITOR,
    "students:goal_add": IEP_EDITOR,
    "students:goal_edit": IEP_EDITOR,
    "students:strategy_add": IEP_EDITOR,
    "students:strategy_edit": IEP_EDITOR,
    # activities
    "activities:library": THERAPIST_OWN,
    "activities:new": THERAPIST_OWN,
    "activities:detail": OWN_RECORD,
    "activities:edit": OWN_RECORD,
    "activities:home_new": SERVED_STUDENT_ONLY,
    "activities:sheet": SERVED_OR_GUARDIAN,
    "activities:pdf": SERVED_OR_GUARDIAN,
    # delivery
    "delivery:week": THERAPIST_OWN,
    "delivery:plan": THERAPIST_OWN,
    "delivery:plan_add": THERAPIST_OWN,
    "delivery:plan_edit": OWN_RECORD,
    "delivery:quick_log": OWN_RECORD,
    "delivery:missed": OWN_RECORD,
    "delivery:log": THERAPIST_OWN,
    "delivery:plan_session": THERAPIST_OWN,
    "delivery:plan_detail": OWN_RECORD,
    "delivery:session": SERVED_STUDENT_ONLY,
    "delivery:note": OWN_SESSION,
    "delivery:sign": OWN_SESSION,
    "delivery:addendum": OWN_SESSION,
    "delivery:void": OWN_SESSION,
    "delivery:void_missed": SERVED_STUDENT_ONLY,
    "delivery:consultations": THERAPIST_OWN,
    "delivery:consult_add": THERAPIST_OWN,
    "delivery:consultation": CONSULTATION_READER,
    "delivery:consult_void": OWN_RECORD,
    "delivery:compliance": THERAPIST_OWN,
    "delivery:district_compliance": COORDINATOR_OWN,
    "delivery:policy": COORDINATOR_OWN,
    # programs
    "programs:list": PROGRAM_LIST,
    "programs:new": needs(SERVED_STUDENT_ONLY, student="marisol"),
    "programs:detail": PROGRAM_READER,
    "programs:revise": PROGRAM_EDITOR,
    "programs:assign": PROGRAM_EDITOR,
    "programs:train": PROGRAM_EDITOR,
    "programs:check": PROGRAM_EDITOR,
    "programs:log": PROGRAM_LOGGER,
    "programs:at_add": PROGRAM_EDITOR,
    # workload
    "workload:time": THERAPIST_OWN,
    "workload:mine": THERAPIST_OWN,
    "workload:district": COORDINATOR_OWN,
    # scheduling
    "scheduling:generate": THERAPIST_OWN,
    "scheduling:use_proposal": THERAPIST_OWN,
    "scheduling:drop_proposal": THERAPIST_OWN,
    "scheduling:feed": THERAPIST_OWN,
    "scheduling:feed_new": THERAPIST_OWN,
    "scheduling:feed_revoke": THERAPIST_OWN,
    "scheduling:ics": FEED_TOKEN,
    "scheduling:makeup_plan": SERVED_STUDENT,
    "scheduling:makeup_book": SERVED_STUDENT,
    "scheduling:makeup_cancel": OWN_BOOKING,
    "scheduling:district_runs": DISTRICT_RUNS,
    "scheduling:district_run": DISTRICT_RUN,
    "scheduling:run_proposal": OWN_RECORD,
    "scheduling:calendars": CALENDARS,
    "scheduling:my_week": THERAPIST_OWN,
    "scheduling:school_week": SCHOOL_WEEK,
    "scheduling:classroom_week": CLASSROOM_WEEK,
    "scheduling:move": OWN_PLANNED,
    "scheduling:check_move": OWN_PLANNED,
    "scheduling:lock": OWN_PLANNED,
    "scheduling:setup": CALENDARS,
    "scheduling:setup_school": SCHOOL_SETUP,
    "scheduling:setup_block_add": SCHOOL_SETUP,
    "scheduling:setup_block": WHOLE_SCHOOL_BLOCK,
    "scheduling:setup_block_remove": WHOLE_SCHOOL_BLOCK,
    "scheduling:setup_days": THERAPIST_OWN,
    "scheduling:setup_travel": TRAVEL,
    "scheduling:setup_fixed": THERAPIST_OWN,
    "scheduling:setup_fixed_add": THERAPIST_OWN,
    "scheduling:setup_fixed_edit": OWN_RECORD,
    "scheduling:setup_fixed_remove": OWN_RECORD,
    "scheduling:setup_rules": THERAPIST_OWN,
    "scheduling:unavailable_add": SERVED_STUDENT,
    "scheduling:unavailable_remove": SERVED_STUDENT,
}

# Real leaks the matrix found, kept until they are fixed: (route, persona, check) -> what.
# The check is "GET" or "POST" (the answer), "names" (a child's name the persona may not
# know), "notes" (a session note's words to someone who does not read notes) or "writes"
# (a refused request wrote to the database, or a guarded table changed). The matrix fails
# when an entry no longer happens: remove it then.
KNOWN_LEAKS: dict[tuple[str, str, str], str] = {
    ("students:request_decide", "cota", "writes"): (
        "a COTA deciding a parent's request 'Added to the IEP' marks the strategy written in "
        "the IEP (UPDATE students_strategy.iep_status): only the student's OT changes the IEP"
    ),
    ("students:strategy_review", "cota", "writes"): (
        "issue 12 point 6: the COTA's review rewrites the strategy written in the IEP "
        "(UPDATE students_strategy: description, status, next review)"
    ),
    ("delivery:session", "cota", "names"): (
        "issue 12 point 6: the group session page shows the COTA the name of Benedikt, "
        "whom she does not serve (his row, goal data and the shared note)"
    ),
}

# Access the product promises and the code does not give yet (same checks, same rule:
# the matrix fails when one is given; remove the entry then).
KNOWN_GAPS: dict[tuple[str, str, str], str] = {
    ("delivery:consultation", "teacher", "GET"): (
        "issue 12 point 5 / PRODUCT.md: a teacher reads the consultation notes of the "
        "students in their classes (404 today)"
    ),
}

# Path ids --------------------------------------------------------------------------------
# The word before a path id (or the id's own name) -> the world's record it stands for.
IDS = {
    "students": "marisol",
    "family": "marisol",
    "sessions": "session",
    "plans": "session_plan",
    "today": "planned",
    "plan": "planned",
    "item_id": "run_item",
    "missed": "miss",
    "consultations": "consultation",
    "concern_id": "concern",
    "request_id": "request",
    "activities": "activity",
    "home-programs": "home_program",
    "programs": "program",
    "miss_id": "miss",
    "booked": "makeup",
    "run_id": "run",
    "school": "school",
    "classroom": "classroom",
    "session": "planned",
    "block": "block",
    "fixed": "fixed",
    "item": "unavailable",
    "strategy_id": "strategy",
    "line_id": "line",
    "goal_id": "goal",
    "token": "feed",
}
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def rule_for(key: str) -> Rule | None:
    if key in ROUTES:
        return ROUTES[key]
    return ROUTES.get(key.split(":", 1)[0] + ":*") if ":" in key else None


def record(world: MatrixWorld, name: str) -> Any:
    if name in world.students:
        return world.students[name]
    if name in ("school", "classroom"):
        return getattr(world, name)
    return world.records[name]


def _admin_object(route: str) -> str:
    """The id of a real record of the admin page's model (the first one)."""
    _, app_label, model_name = route.split("/")[:3]
    model = apps.get_model(app_label, model_name)
    first = model._default_manager.order_by("pk").first()
    return str(first.pk if first is not None else 1)


def fill(route: str, world: MatrixWorld, rule: Rule, key: str = "") -> str:
    """The route with each path id filled by the world's record (see IDS), and the rule's
    query values."""
    if key == "admin:app_list":
        return reverse(key, kwargs={"app_label": "students"})
    if key == "admin:view_on_site":
        student = world.students["marisol"]
        kind = ContentType.objects.get_for_model(student)
        return reverse(key, args=[kind.pk, student.pk])

    def value(match: re.Match[str]) -> str:
        name = match.group(2)
        if key.startswith("admin:") and name in ("object_id", "id"):
            return _admin_object(route)
        segment = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        which = IDS.get(name) or IDS.get(segment)
        if which is None:
            raise LookupError(
                f"No record for <{name}> in {route}: add the record to "
                "otdesk/testing/personas.py (build_world) and its word to IDS in "
                "otdesk/testing/route_access.py."
            )
        obj = record(world, which)
        return str(obj.token if name == "token" else obj.pk)

    # A regular-expression route (the admin's catch-all): a path nothing else answers.
    path = REGEX_GROUP.sub("no-such-page/", route).lstrip("^").rstrip("$")
    url = "/" + CONVERTER.sub(value, path)
    if rule.query:
        url += "?" + urlencode({name: record(world, which).pk for name, which in rule.query})
    return url


def relationships() -> list[str]:
    """The names of the relationships defined above."""
    return [name for name, value in globals().items() if isinstance(value, Rule)]


def classify_hint(key: str, route: str) -> str:
    return f'    "{key}": <RELATIONSHIP>,  # /{route}'


def classify_help() -> str:
    return (
        "Pick the relationship that grants the page, one of: "
        + ", ".join(relationships())
        + "; or make a new one with rule(name, ok=(...), read_only=(...)) next to them."
    )
