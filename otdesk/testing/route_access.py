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
    # Or, instead of the table: the fields of one world record that must keep their values
    # (a guarded persona may write the table otherwise: a COTA's review moves the next
    # review date).
    guarded_record: str = ""
    guarded_fields: tuple[str, ...] = ()
    # Values every POST of the form carries that the form reader cannot choose (the button
    # pressed, a change rather than the first choice): the write a gate must stop.
    post_values: tuple[tuple[str, str], ...] = ()
    speaks_for: str | None = None  # whose children the page may name (a feed's owner)
    form_from: str | None = None  # the granted persona whose page gives the form to POST
    no_post: bool = False  # a POST would end the persona's session (sign-out)


def rule(name: str, ok: tuple[str, ...], read_only: tuple[str, ...] = (), **kw: Any) -> Rule:
    unknown = (set(ok) | set(read_only)) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    return Rule(name, frozenset(ok), frozenset(read_only), **kw)


THERAPISTS = ("owning_ot", "other_ot", "cota")
COORDINATORS = ("coordinator", "other_coordinator")
# The district's staff who are not its coordinator (they read the district's set-up).
STAFF = (*THERAPISTS, "teacher", "other_teacher", "aide", "other_aide")
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
    guarded_record="strategy",
    guarded_fields=("description", "status", "iep_status"),
    post_values=(("outcome", "modify"), ("description_after", "Matrix change")),
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
JOB_WATCHER = rule(
    "own job: the person who started it and their district's coordinator",
    ("owning_ot", "coordinator"),
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

# The district's set-up (district/permissions.py) ----------------------------------------
DISTRICT_STAFF = rule(
    "district staff: their own district's schools, closed days and rules (read)",
    (*STAFF, *COORDINATORS),
)
DISTRICT_SETUP = replace(
    DISTRICT_STAFF,
    name="district staff read their district's set-up; only its coordinator changes it (a "
    "staff member's POST writes nothing)",
    guard_for=frozenset(STAFF),
    form_from="coordinator",
)
CLOSED_DAYS = replace(DISTRICT_SETUP, guarded_table="schools_nonschoolday")
DISTRICT_RULES = replace(DISTRICT_SETUP, guarded_table="schools_district")
DISTRICT_ADD = rule(
    "district coordinator adds to their own district; the district's staff read only",
    COORDINATORS,
    STAFF,
)
DISTRICT_RECORD = rule(
    "district coordinator of the record's district; the district's staff read only",
    ("coordinator",),
    STAFF,
)
TEAM_ASSIGNMENTS = rule(
    "district coordinator of the student's district (team assignments)", ("coordinator",)
)

BILLING_RECORD = rule(
    "district coordinator of the student's district (billing record); others who see the "
    "student read only (403)",
    ("coordinator",),
    ("owning_ot", "cota", "teacher"),
)

# COTA supervision (supervision/permissions.py): the owning OT supervises the COTA ---------
SUPERVISION_RECORD = rule(
    "supervision record: its supervising OT, the COTA, the district coordinator",
    ("owning_ot", "cota", "coordinator"),
)
SUPERVISION_CONTACT = rule(
    "supervising OT logs a contact; the COTA and the coordinator read only",
    ("owning_ot",),
    ("cota", "coordinator"),
)
SUPERVISION_END = rule(
    "district coordinator ends a supervision; its OT and COTA read only",
    ("coordinator",),
    ("owning_ot", "cota"),
)
NOTE_REVIEW = rule(
    "supervising OT reviews the COTA's note; the COTA who wrote it reads it (reviews nothing)",
    ("owning_ot", "cota"),
    guard_for=frozenset({"cota"}),
    guarded_table="supervision_notereview",
    post_values=(("decision", "cosign"),),
)
NOTE_RESUBMIT = rule(
    "the COTA who wrote the note sends it for review again; the supervising OT read only",
    ("cota",),
    ("owning_ot",),
)

# Teachers, specialists and team notes (teamwork/permissions.py) ---------------------------
TEACHER_OWN = rule("own page: a teacher's classes", ("teacher", "other_teacher"))
SPECIALIST_OWN = rule(
    "own page: a specialist's shared students (SLP, PT, psychologist; none in the matrix)", ()
)
IN_PLACE = rule(
    "class teacher confirms a strategy in place; others who see the student read only",
    ("teacher",),
    ("owning_ot", "cota", "coordinator"),
)
TEAM_NOTES = rule(
    "team notes: served student (OT/COTA) writes, the coordinator reads (writes nothing); "
    "the class teacher read only",
    ("owning_ot", "cota", "coordinator"),
    ("teacher",),
    guard_for=frozenset({"coordinator"}),
    guarded_table="teamwork_teamnote",
)

# The family's questions (family/permissions.py) -------------------------------------------
FAMILY_QUESTION = rule(
    "family question: the child's OT answers; the COTA serving the child reads (answers nothing)",
    ("owning_ot", "cota"),
    guard_for=frozenset({"cota"}),
    guarded_table="family_message",
)

# Accounts: invitations, the People page, your own account (accounts/) ---------------------
# The route's path holds a one-time secret (the link's token, stored hashed): the matrix
# holds none, so it checks only that a wrong link is refused, by everyone (404, no write).
INVITATION_LINK = rule(
    "public: an invitation link (a wrong link: 404 to everyone; the right one is tested in "
    "accounts/tests)",
    (),
    answers_for=tuple((persona, "404") for persona in PERSONAS),
)
# The same for a password-reset link: Django's page answers a wrong uid/token with its
# "this link does not work" page (200) to everyone, and sets no password.
RESET_LINK = rule(
    "public: a password-reset link (a wrong link: the page says it does not work)", PERSONAS
)
INVITATION_MANAGER = rule(
    "invitation: the district's coordinator, or for a guardian's invitation the child's OT",
    ("owning_ot", "coordinator"),
)
ROSTER_IMPORT = rule("district coordinator of the roster upload's district", ("coordinator",))
DISTRICT_PERSON = rule(
    "district coordinator of the person's district (switches their account off or on)",
    ("coordinator",),
)

# The JSON API answers a token, never a session: every persona here (signed in with a
# session, or not) gets its JSON 401. Who reads what with a token is otdesk/api/tests'.
API_TOKEN_ONLY = rule(
    "JSON API (/api/v1/): a token only, so 401 to every session and to anonymous",
    (),
    hidden=401,
    answers_for=(("anonymous", "401"),),
)

API_ROOT = rule(
    "the API's root: no page of its own (404 to everyone, anonymous too)",
    (),
    answers_for=(("anonymous", "404"),),
)
STAFF_TOKENS = rule(
    "the district's staff (not parents): their own API tokens page",
    (*STAFF, *COORDINATORS),
)
OWN_TOKEN = rule("the owner of the API token (the owning OT's)", ("owning_ot",))

NO_ADMIN_PAGE = replace(
    SITE_OPERATOR,
    name="site operator: an admin address with no page (404 to the operator)",
    ok=frozenset(),
    answers_for=(("operator", "404"),),
)

ADMIN_SECRET = replace(
    SITE_OPERATOR,
    name="site operator: a person's two-factor secret in the admin (403 to the operator too)",
    ok=frozenset(),
    answers_for=(("operator", "403"),),
)


def needs(base: Rule, **query: str) -> Rule:
    """The rule of a page that needs query values (record names from IDS' values)."""
    return replace(base, query=tuple(query.items()))


# Progress reports (progress/permissions.py) ----------------------------------------------
PROGRESS_READER = rule(
    "progress report: the student's OT and the COTA serving the student (others hidden)",
    ("owning_ot", "cota"),
)
PROGRESS_WRITER = rule(
    "progress report: the student's OT writes; the COTA serving the student reads only",
    ("owning_ot",),
    ("cota",),
)
PROGRESS_SETUP = rule(
    "district coordinator of the period's or code's district (others hidden)", ("coordinator",)
)

# The complete record (students/permissions.py: get_record_student)
RECORD_EXPORT = rule(
    "complete record: the student's OT or the district coordinator; others who see the "
    "student read-only (403)",
    ("owning_ot", "coordinator"),
    ("cota", "teacher"),
)

# Retention (retention/permissions.py: get_destroyable_student)
DESTROY_RECORD = rule(
    "legal hold and destruction: the coordinator of the student's district; others who "
    "see the student read-only (403)",
    ("coordinator",),
    ("owning_ot", "cota", "teacher"),
)
DESTRUCTION_RECORD = rule(
    "district coordinator of the destruction's district (others hidden)", ("coordinator",)
)

# Evaluations (evaluations/permissions.py) -------------------------------------------------
EVALUATION_READER = rule(
    "evaluation: the student's OT, the COTA serving the student, the district coordinator "
    "(others hidden)",
    ("owning_ot", "cota", "coordinator"),
)
EVALUATION_WRITER = rule(
    "evaluation: the student's OT writes; the serving COTA and the coordinator read only",
    ("owning_ot",),
    ("cota", "coordinator"),
)
EVALUATION_PAGE = replace(
    EVALUATION_READER,
    guard_for=frozenset({"cota", "coordinator"}),
    guarded_table="evaluations_evaluation",
)
EVALUATION_SCORES = replace(
    EVALUATION_READER,
    guard_for=frozenset({"cota", "coordinator"}),
    guarded_table="assessments_score",
)
EVALUATIONS_DUE = rule(
    "therapists and district coordinators: their own students' due dates",
    (*THERAPISTS, *COORDINATORS),
)


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
    # A person's authenticator key and its QR code: hidden from the operator too
    # (settings.OTP_ADMIN_HIDE_SENSITIVE_DATA), 403.
    "admin:otp_totp_totpdevice_config": ADMIN_SECRET,
    "admin:otp_totp_totpdevice_qrcode": ADMIN_SECRET,
    "admin:logout": SIGN_OUT,
    # students
    "students:caseload": SIGNED_IN_PAGE,
    "students:team_queue": THERAPIST_OWN,
    "students:concern_answer": SERVED_STUDENT,
    "students:request_decide": REQUEST_DECISION,
    "students:proposal_decide": replace(IEP_EDITOR, post_values=(("decision", "accept"),)),
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
    # district (the coordinator's pages)
    "district:hub": COORDINATOR_OWN,
    "district:schools": DISTRICT_STAFF,
    "district:school_add": DISTRICT_ADD,
    "district:school_edit": DISTRICT_RECORD,
    "district:closed_days": CLOSED_DAYS,
    "district:closed_day_remove": DISTRICT_RECORD,
    "district:rules": DISTRICT_RULES,
    "district:team": COORDINATOR_OWN,
    "district:student_team": TEAM_ASSIGNMENTS,
    "district:team_end": TEAM_ASSIGNMENTS,
    "district:team_dates": TEAM_ASSIGNMENTS,
    # supervision
    "supervision:home": THERAPIST_OWN,
    "supervision:district": COORDINATOR_OWN,
    "supervision:assign": COORDINATOR_OWN,
    "supervision:detail": SUPERVISION_RECORD,
    "supervision:contact_new": SUPERVISION_CONTACT,
    "supervision:end": SUPERVISION_END,
    "supervision:note": NOTE_REVIEW,
    "supervision:resubmit": NOTE_RESUBMIT,
    # teamwork
    "teamwork:classroom": TEACHER_OWN,
    "teamwork:confirm_strategy": IN_PLACE,
    "teamwork:shared": SPECIALIST_OWN,
    "teamwork:team_notes": TEAM_NOTES,
    # family (the parent portal; the glossaries are public)
    "family:home": GUARDIAN_OWN,
    "family:child": GUARDIAN_OF_CHILD,
    "family:request": GUARDIAN_OF_CHILD,
    "family:ask": GUARDIAN_OF_CHILD,
    "family:question": GUARDIAN_OF_CHILD,
    "family:language": SIGNED_IN_PAGE,
    "family:weekly_email": GUARDIAN_OWN,
    "family:glossary": PUBLIC,
    "family:team_questions": THERAPIST_OWN,
    "family:team_question": FAMILY_QUESTION,
    # accounts (invitations, the People page, your own account and two-factor sign-in)
    "accounts:accept": INVITATION_LINK,
    "accounts:invitation_resend": INVITATION_MANAGER,
    "accounts:invitation_cancel": INVITATION_MANAGER,
    "accounts:invite_guardian": IEP_EDITOR,  # the student's OT; COTA/teacher/coordinator 403
    "accounts:people": COORDINATOR_OWN,
    "accounts:invite_roster": COORDINATOR_OWN,
    "roster:home": COORDINATOR_OWN,
    "roster:sample": COORDINATOR_OWN,
    "roster:detail": ROSTER_IMPORT,
    "roster:import": ROSTER_IMPORT,
    "roster:columns": ROSTER_IMPORT,
    "roster:csv": COORDINATOR_OWN,
    "accesslog:district_export": COORDINATOR_OWN,
    "api:*": API_TOKEN_ONLY,
    "api:openapi-json": PUBLIC,
    "api:api-root": API_ROOT,
    "apitokens:docs": PUBLIC,
    "apitokens:tokens": STAFF_TOKENS,
    "apitokens:revoke": OWN_TOKEN,
    "accounts:invite_staff": COORDINATOR_OWN,
    "accounts:deactivate": DISTRICT_PERSON,
    "accounts:reactivate": DISTRICT_PERSON,
    "accounts:account": SIGNED_IN_PAGE,
    "accounts:password_change": SIGNED_IN_PAGE,
    "accounts:password_change_done": SIGNED_IN_PAGE,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_sent": PUBLIC,
    "accounts:password_reset_confirm": RESET_LINK,
    "accounts:password_reset_complete": PUBLIC,
    # issue 14: district sign-in over OpenID Connect (otdesk/sso). The start and the
    # provider's answer are public (without a pending sign-in of the session the answer
    # is refused, 400, and signs no one in); the set-up is the coordinator's.
    "sso:start": PUBLIC,
    "sso:callback": PUBLIC,
    "sso:settings": COORDINATOR_OWN,
    # Your own second step, for everyone signed in: one without two-factor who opens the
    # verify page is sent to set-up; set-up sends one who has it to their account page;
    # new recovery codes and turning it off answer with a message on their account page
    # (refused without two-factor, or where it is required). Only their own devices.
    "accounts:two_factor_setup": SIGNED_IN_PAGE,
    "accounts:two_factor_verify": SIGNED_IN_PAGE,
    "accounts:recovery_codes": SIGNED_IN_PAGE,
    "accounts:two_factor_off": SIGNED_IN_PAGE,
    # the access log
    "accesslog:search": COORDINATOR_OWN,
    # issue 13: family (the parent summary)
    "family:summary": SERVED_OR_GUARDIAN,
    "family:summary_pdf": SERVED_OR_GUARDIAN,
    # issue 13: fidelity (service fidelity and workload reports)
    "fidelity:caseload": THERAPIST_OWN,
    "fidelity:district": COORDINATOR_OWN,
    "fidelity:student": rule(
        "minutes report of a student: served (OT/COTA) or the district coordinator; the "
        "class teacher, who sees the student, reads only",
        ("owning_ot", "cota", "coordinator"),
        ("teacher",),
    ),
    # issue 13: progress
    "progress:caseload": THERAPIST_OWN,
    "progress:batch": THERAPIST_OWN,
    "progress:periods": COORDINATOR_OWN,
    "progress:period_edit": PROGRESS_SETUP,
    "progress:period_delete": PROGRESS_SETUP,
    "progress:codes": COORDINATOR_OWN,
    "progress:code_edit": PROGRESS_SETUP,
    "progress:student": PROGRESS_READER,
    "progress:start": PROGRESS_WRITER,
    "progress:report": PROGRESS_READER,
    "progress:edit": PROGRESS_WRITER,
    "progress:finalize": PROGRESS_WRITER,
    "progress:addendum": PROGRESS_WRITER,
    "progress:pdf": PROGRESS_READER,
    "progress:family_report": GUARDIAN_OF_CHILD,
    # issue 14: the complete record
    "accesslog:record": RECORD_EXPORT,
    # issue 13: evaluations
    "evaluations:dashboard": EVALUATIONS_DUE,
    "evaluations:student": EVALUATION_PAGE,
    "evaluations:detail": EVALUATION_READER,
    "evaluations:edit": EVALUATION_WRITER,
    "evaluations:add_test": EVALUATION_WRITER,
    "evaluations:pdf": EVALUATION_READER,
    "evaluations:scores": EVALUATION_SCORES,
    "evaluations:remove_test": EVALUATION_WRITER,
    # issue 13: jobs (long work on the task queue)
    "jobs:health": PUBLIC,
    "jobs:list": SIGNED_IN_PAGE,
    "jobs:detail": JOB_WATCHER,
    "jobs:file": JOB_WATCHER,
    # issue 13: billing (Medicaid billing: the district coordinator's; a student's billing
    # record is read-only 403 for the others who see the student)
    "billing:home": COORDINATOR_OWN,
    "billing:export": COORDINATOR_OWN,
    "billing:problems_csv": COORDINATOR_OWN,
    "billing:corrected": COORDINATOR_OWN,
    "billing:codes": COORDINATOR_OWN,
    "billing:students": COORDINATOR_OWN,
    "billing:student": BILLING_RECORD,
    "billing:providers": COORDINATOR_OWN,
    "billing:mine": THERAPIST_OWN,
    # issue 13: assessments (the catalog: read by the district's staff)
    "assessments:catalog": DISTRICT_STAFF,
    # issue 13: workload report
    "workload:report": THERAPIST_OWN,
    "workload:district_report": COORDINATOR_OWN,
    # issue 15: retention and destruction on request
    "retention:destroy": DESTROY_RECORD,
    "retention:hold": DESTROY_RECORD,
    "retention:lift": DESTROY_RECORD,
    "retention:destructions": COORDINATOR_OWN,
    "retention:destruction": DESTRUCTION_RECORD,
}

# Real leaks the matrix found, kept until they are fixed: (route, persona, check) -> what.
# The check is "GET" or "POST" (the answer), "names" (a child's name the persona may not
# know), "notes" (a session note's words to someone who does not read notes) or "writes"
# (a refused request wrote to the database, or a guarded table changed). The matrix fails
# when an entry no longer happens: remove it then.
KNOWN_LEAKS: dict[tuple[str, str, str], str] = {}

# Access the product promises and the code does not give yet (same checks, same rule:
# the matrix fails when one is given; remove the entry then).
KNOWN_GAPS: dict[tuple[str, str, str], str] = {}

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
    "supervision": "supervision",
    "notes": "cota_note",
    "review_id": "proposal",
    "question_id": "question",
    "key": "glossary",
    "closed-days": "closed_day",
    "assignment": "team_member",
    "schools": "school",
    "student": "marisol",
    "strategies": "strategy",
    "invitations": "invitation",
    "people": "district_person",
    "period": "period",
    "code": "progress_code",
    "progress": "progress_report",
    "report": "progress_report",
    "jobs": "job",
    "evaluations": "evaluation",
    "tests": "evaluation_test",
    "files": "job_file",
    "roster": "roster_import",
    "api-tokens": "api_token",
    "reference": "destruction",
    "uidb64": "feed",  # not a user's uid: a wrong reset link (see RESET_LINK)
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
        if key.startswith("admin:") and name in ("object_id", "id", "pk"):
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
