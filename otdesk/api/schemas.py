"""What the API reads and returns. Text fields refuse the NUL character (no database
stores it) and every number has the range of its column, so a wrong value is a 422 that
names the field, never a server error."""

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field

MAX_ID = 2**63 - 1


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("The text holds a NUL character.")
    return text


# A choice's code ("push_in"), a line of text (a reason), a note's part.
Code = Annotated[str, Field(max_length=24), AfterValidator(_no_nul)]
Line = Annotated[str, Field(max_length=200), AfterValidator(_no_nul)]
Long = Annotated[str, Field(max_length=4000), AfterValidator(_no_nul)]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# A time of day at the school, in its own time zone: "09:30" or "09:30:00" (no offset,
# which JSON Schema's "time" format would ask for).
Clock = Annotated[
    str,
    Field(
        pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        description="Local time at the school, HH:MM or HH:MM:SS.",
    ),
]
Minutes = Annotated[int, Field(ge=1, le=480)]


class Page(Schema):
    count: int = Field(description="Items in all pages.")
    page: int
    pages: int


# Students and their IEPs -------------------------------------------------------------


class StudentOut(Schema):
    id: int
    first_name: str
    last_name: str
    preferred_name: str
    grade: str
    school_id: int
    school: str
    classroom: str | None
    active: bool


class StudentPage(Page):
    items: list[StudentOut]


class ServiceLineOut(Schema):
    id: int
    kind: str = Field(description="direct or consultation")
    delivery_model: str
    minutes: int
    period: str = Field(description="week, month or year")
    location: str
    group_size: int | None
    start_date: dt.date
    end_date: dt.date
    notes: str


class IEPOut(Schema):
    id: int
    status: str
    start_date: dt.date
    end_date: dt.date
    annual_review_due: dt.date | None
    reevaluation_due: dt.date | None
    service_lines: list[ServiceLineOut]


class GoalOut(Schema):
    id: int
    iep_id: int
    area: str
    description: str
    baseline: str
    target: str
    measurement: str
    status: str


class StrategyOut(Schema):
    id: int
    category: str
    description: str
    implementer: str
    start_date: dt.date | None
    next_review_date: dt.date | None
    status: str
    iep_status: str


# Minutes -------------------------------------------------------------------------------


class ComplianceOut(Schema):
    student_id: int
    student: str
    service_line_id: int
    kind: str
    period_start: dt.date
    period_end: dt.date
    required: int = Field(description="Minutes the IEP asks for in this period.")
    delivered: int
    made_up: int
    missed: int
    excused: int
    owed: int
    outstanding: int = Field(description="Owed minutes not made up yet.")
    remaining: int = Field(description="Minutes still to give in this period.")
    percent: int
    status: str = Field(description="on_track, at_risk, behind or excused")
    reason: str


class CompliancePage(Page):
    items: list[ComplianceOut]


# Sessions, misses, consultations, time ---------------------------------------------------


class AttendanceOut(Schema):
    student_id: int
    attendance: str
    absence_reason: str
    makeup_for_id: int | None


class SessionOut(Schema):
    id: int
    provider_id: int
    date: dt.date
    start: Clock
    minutes: int
    session_type: str
    location: str
    school_id: int
    status: str = Field(description="draft, signed or voided")
    activities: str
    subjective: str
    objective: str
    assessment: str
    plan: str
    void_reason: str
    version: int = Field(description="Goes up at every change; send it back to change the note.")
    students: list[AttendanceOut] = Field(description="The students you may see.")


class SessionPage(Page):
    items: list[SessionOut]


class AttendeeIn(Schema):
    student_id: Id
    attendance: Code = "present"
    absence_reason: Code = ""
    makeup_for_id: Id | None = None


class SessionIn(Schema):
    date: dt.date
    start: Clock
    minutes: Minutes
    session_type: Code
    location: Code
    school_id: Id
    students: list[AttendeeIn] = Field(min_length=1, max_length=12)
    pull_out_reason: Code = ""
    activities: Long = ""
    subjective: Long = ""
    objective: Long = ""
    assessment: Long = ""
    plan: Long = ""
    sign: bool = False


class VoidIn(Schema):
    reason: Line


class NoteIn(Schema):
    version: Annotated[int, Field(ge=1, le=2**31 - 2)] = Field(
        description="The session's version you read; a note changed since is refused (409)."
    )
    activities: Long = ""
    subjective: Long = ""
    objective: Long = ""
    assessment: Long = ""
    plan: Long = ""
    sign: bool = False


class MissedOut(Schema):
    id: int
    student_id: int
    service_line_id: int
    provider_id: int
    date: dt.date
    minutes: int
    reason: str
    detail: str
    voided: bool


class MissedPage(Page):
    items: list[MissedOut]


class MissedIn(Schema):
    student_ids: list[Id] = Field(min_length=1, max_length=12)
    date: dt.date
    minutes: Minutes
    reason: Code
    detail: Line = ""


class ConsultationOut(Schema):
    id: int
    provider_id: int
    date: dt.date
    minutes: int
    with_whom: list[str]
    method: str
    discussed: str
    new_concerns: str
    follow_up: str
    student_ids: list[int] = Field(description="The students you may see.")
    voided: bool


class ConsultationPage(Page):
    items: list[ConsultationOut]


class ConsultationIn(Schema):
    date: dt.date
    minutes: Minutes
    with_whom: list[Code] = Field(min_length=1, max_length=8)
    method: Code
    student_ids: list[Id] = Field(min_length=1, max_length=30)
    discussed: Long = ""
    new_concerns: Long = ""
    follow_up: Long = ""


class TimeOut(Schema):
    id: int
    date: dt.date
    minutes: int
    category: str
    student_id: int | None
    note: str


class TimePage(Page):
    items: list[TimeOut]


class TimeIn(Schema):
    date: dt.date
    minutes: Minutes
    category: Code
    student_id: Id | None = None
    note: Line = ""


# The weekly plan -------------------------------------------------------------------------


class PlannedOut(Schema):
    id: int
    start: Clock
    minutes: int
    school: str
    session_type: str
    location: str
    students: list[int]
    when: str = Field(description="When it happens, where not every week from now on.")


class PlanDayOut(Schema):
    day: str
    sessions: list[PlannedOut]
