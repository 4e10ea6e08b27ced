"""The evaluation records of the authorization matrix's world (personas.build_world): a
re-evaluation of Marisol by her OT, with a Beery VMI given and scored."""

import datetime as dt
from typing import Any

from otdesk.accounts.models import User
from otdesk.assessments.models import AssessmentTool
from otdesk.evaluations import services
from otdesk.students.models import Student


def evaluation_records(*, ot: User, student: Student) -> dict[str, Any]:
    evaluation = services.start_evaluation(
        actor=ot,
        student=student,
        kind="reevaluation",
        referral_date=dt.date(2026, 9, 1),
        consent_date=dt.date(2026, 9, 8),
    )
    tool = AssessmentTool.objects.get(short_name="Beery VMI")
    given = services.add_test(
        actor=ot, evaluation=evaluation, tool=tool, test_date=dt.date(2026, 9, 21)
    )
    first = tool.parts.first()
    assert first is not None
    services.save_scores(
        actor=ot,
        administration=given,
        scores={first.pk: {"standard_score": 88, "percentile": 21}},
    )
    return {"evaluation": evaluation, "evaluation_test": given}
