import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from otdesk.assessments.models import AssessmentAdministration, AssessmentTool, Score
from otdesk.evaluations.models import Evaluation
from otdesk.testing.factories import make_district, make_school, make_student

pytestmark = pytest.mark.django_db


def _admin() -> AssessmentAdministration:
    student = make_student(make_school(make_district()))
    evaluation = Evaluation.objects.create(student=student, kind=Evaluation.Kind.INITIAL)
    tool = AssessmentTool.objects.get(short_name="BOT-2")
    return AssessmentAdministration.objects.create(
        evaluation=evaluation, tool=tool, test_date=dt.date(2026, 9, 14)
    )


def _errors(score: Score) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        score.full_clean()
    return caught.value.message_dict


def test_score_ranges_in_plain_words() -> None:
    admin = _admin()
    total = admin.tool.parts.get(name="Total Motor Composite")
    balance = admin.tool.parts.get(name="Balance")
    # The BOT-2's composites: mean 50 (SD 10), so 20 to 80.
    Score(
        administration=admin, part=total, standard_score=20, percentile=Decimal("0.1")
    ).full_clean()
    Score(
        administration=admin, part=total, standard_score=80, percentile=Decimal("99.9")
    ).full_clean()
    Score(administration=admin, part=balance, scaled_score=1).full_clean()
    Score(administration=admin, part=balance, scaled_score=19).full_clean()
    assert _errors(Score(administration=admin, part=total, standard_score=19)) == {
        "standard_score": ["A standard score is between 20 and 80."]
    }
    assert _errors(Score(administration=admin, part=total, standard_score=100)) == {
        "standard_score": ["A standard score is between 20 and 80."]
    }
    assert _errors(Score(administration=admin, part=total, percentile=Decimal("0.0"))) == {
        "percentile": ["A percentile is between 0.1 and 99.9."]
    }
    assert _errors(Score(administration=admin, part=balance, scaled_score=20)) == {
        "scaled_score": ["A scaled score is between 1 and 19."]
    }
    assert _errors(Score(administration=admin, part=balance, standard_score=100)) == {
        "standard_score": ["This part does not report this kind of score."]
    }


def test_a_part_of_another_tool_is_refused() -> None:
    admin = _admin()
    vmi = AssessmentTool.objects.get(short_name="Beery VMI").parts.first()
    assert _errors(Score(administration=admin, part=vmi))["part"] == [
        "This part belongs to another tool."
    ]


def test_most_tools_score_on_a_mean_of_100() -> None:
    admin = _admin()
    vmi_tool = AssessmentTool.objects.get(short_name="Beery VMI")
    admin.tool = vmi_tool
    admin.save()
    vmi = vmi_tool.parts.get(name="Visual-Motor Integration")
    Score(administration=admin, part=vmi, standard_score=40).full_clean()
    Score(administration=admin, part=vmi, standard_score=160).full_clean()
    assert _errors(Score(administration=admin, part=vmi, standard_score=39)) == {
        "standard_score": ["A standard score is between 40 and 160."]
    }
