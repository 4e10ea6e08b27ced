"""The tools the catalog starts with (loaded by migration 0002). Names and descriptions in
our own words; ranges are inclusive, in months (years * 12 + months)."""

from typing import Any

STD = {"reports_standard": True, "reports_percentile": True, "reports_category": True}
SCALED = {"reports_scaled": True, "reports_raw": True}
STD_SCALED = {
    "reports_standard": True,
    "reports_scaled": True,
    "reports_percentile": True,
    "reports_raw": True,
}
RAW = {"reports_raw": True}
RAW_CATEGORY = {"reports_raw": True, "reports_category": True}
RAW_PCT_CATEGORY = {"reports_raw": True, "reports_percentile": True, "reports_category": True}
# The BOT's composites are standard scores with a mean of 50 (SD 10), not 100 (SD 15).
STD_50 = {**STD, "standard_low": 20, "standard_high": 80}

BOT_SUBTESTS = [
    "Fine Motor Precision",
    "Fine Motor Integration",
    "Manual Dexterity",
    "Bilateral Coordination",
    "Balance",
    "Running Speed and Agility",
    "Upper-Limb Coordination",
    "Strength",
]
BOT_COMPOSITES = [
    "Fine Manual Control",
    "Manual Coordination",
    "Body Coordination",
    "Strength and Agility",
    "Total Motor Composite",
]


def _bot() -> list[tuple[str, str, dict[str, Any]]]:
    return [(n, "subtest", SCALED) for n in BOT_SUBTESTS] + [
        (n, "composite", STD_50) for n in BOT_COMPOSITES
    ]


TOOLS: list[dict[str, Any]] = [
    {
        "short_name": "BOT-2",
        "name": "Bruininks-Oseretsky Test of Motor Proficiency, Second Edition",
        "measures": "Fine and gross motor skill: precise hand work, drawing and copying, "
        "speed with the hands, coordination of both sides, balance, running and strength.",
        "respondent": "The student, with the examiner",
        "min_age_months": 48,
        "max_age_months": 21 * 12 + 11,
        "parts": _bot(),
    },
    {
        "short_name": "BOT-3",
        "name": "Bruininks-Oseretsky Test of Motor Proficiency, Third Edition",
        "measures": "The newer edition of the motor proficiency test: fine and gross motor "
        "skill, with norms into young adulthood.",
        "respondent": "The student, with the examiner",
        "min_age_months": 48,
        "max_age_months": 25 * 12 + 11,
        "parts": _bot(),
    },
    {
        "short_name": "Beery VMI",
        "name": "Beery-Buktenica Developmental Test of Visual-Motor Integration",
        "measures": "How well the eyes and hands work together to copy shapes, with "
        "separate checks of seeing shapes and of pencil control.",
        "respondent": "The student, with the examiner",
        "min_age_months": 24,
        "max_age_months": 100 * 12 + 11,
        "parts": [
            ("Visual-Motor Integration", "subtest", STD_SCALED),
            ("Visual Perception", "subtest", STD_SCALED),
            ("Motor Coordination", "subtest", STD_SCALED),
        ],
    },
    {
        "short_name": "Sensory Profile 2",
        "name": "Sensory Profile 2 (caregiver questionnaires)",
        "measures": "How a child responds to sensations in daily life, from a caregiver's "
        "answers: seeking, avoiding, noticing and missing sensory input.",
        "respondent": "Parent or caregiver form",
        "min_age_months": 0,
        "max_age_months": 14 * 12 + 11,
        "parts": [
            ("Seeking", "index", RAW_CATEGORY),
            ("Avoiding", "index", RAW_CATEGORY),
            ("Sensitivity", "index", RAW_CATEGORY),
            ("Registration", "index", RAW_CATEGORY),
            ("Auditory", "subtest", RAW_CATEGORY),
            ("Visual", "subtest", RAW_CATEGORY),
            ("Touch", "subtest", RAW_CATEGORY),
            ("Movement", "subtest", RAW_CATEGORY),
            ("Body Position", "subtest", RAW_CATEGORY),
            ("Oral", "subtest", RAW_CATEGORY),
        ],
    },
    {
        "short_name": "SP2 School Companion",
        "name": "Sensory Profile 2 School Companion",
        "measures": "How a student's responses to sensation affect learning at school, "
        "from the teacher's answers.",
        "respondent": "Teacher form",
        "min_age_months": 0,
        "max_age_months": 14 * 12 + 11,
        "parts": [
            ("Seeking", "index", RAW_CATEGORY),
            ("Avoiding", "index", RAW_CATEGORY),
            ("Sensitivity", "index", RAW_CATEGORY),
            ("Registration", "index", RAW_CATEGORY),
            ("School factors", "composite", RAW_CATEGORY),
        ],
    },
    {
        "short_name": "SPM-2",
        "name": "Sensory Processing Measure, Second Edition",
        "measures": "Sensory processing, planning and social participation across home, "
        "school and community, from rating forms.",
        "respondent": "Parent, teacher or self-report forms",
        "min_age_months": 4,
        "max_age_months": 87 * 12 + 11,
        "parts": [
            ("Vision", "subtest", RAW_PCT_CATEGORY),
            ("Hearing", "subtest", RAW_PCT_CATEGORY),
            ("Touch", "subtest", RAW_PCT_CATEGORY),
            ("Taste and Smell", "subtest", RAW_PCT_CATEGORY),
            ("Body Awareness", "subtest", RAW_PCT_CATEGORY),
            ("Balance and Motion", "subtest", RAW_PCT_CATEGORY),
            ("Planning and Ideas", "subtest", RAW_PCT_CATEGORY),
            ("Social Participation", "subtest", RAW_PCT_CATEGORY),
            ("Sensory Total", "composite", RAW_PCT_CATEGORY),
        ],
    },
    {
        "short_name": "SFA",
        "name": "School Function Assessment",
        "measures": "How a student takes part in school activities, what help they need, "
        "and how they carry out school tasks.",
        "respondent": "School staff who know the student",
        "min_grade": "K",
        "max_grade": "6",
        "parts": [
            ("Participation", "subtest", RAW),
            ("Task Supports", "subtest", RAW),
            ("Activity Performance", "subtest", RAW),
        ],
    },
    {
        "short_name": "PDMS-3",
        "name": "Peabody Developmental Motor Scales, Third Edition",
        "measures": "Early gross and fine motor development: body control, moving about, "
        "handling objects and eye-hand coordination.",
        "respondent": "The child, with the examiner",
        "min_age_months": 0,
        "max_age_months": 5 * 12 + 11,
        "parts": [
            ("Body Control", "subtest", SCALED),
            ("Body Transport", "subtest", SCALED),
            ("Object Control", "subtest", SCALED),
            ("Hand Manipulation", "subtest", SCALED),
            ("Eye-Hand Coordination", "subtest", SCALED),
            ("Gross Motor", "index", STD),
            ("Fine Motor", "index", STD),
            ("Total Motor", "index", STD),
        ],
    },
    {
        "short_name": "ETCH",
        "name": "Evaluation Tool of Children's Handwriting",
        "measures": "How readable and how fast a student's handwriting is in print or "
        "cursive, in school writing tasks.",
        "respondent": "The student, with the examiner",
        "min_grade": "1",
        "max_grade": "6",
        "parts": [
            ("Letter legibility", "subtest", RAW),
            ("Word legibility", "subtest", RAW),
            ("Numeral legibility", "subtest", RAW),
            ("Writing speed", "subtest", RAW),
        ],
    },
    {
        "short_name": "M-FUN",
        "name": "Miller Function and Participation Scales",
        "measures": "Motor skills young children use in play and in class: visual-motor, "
        "fine motor and gross motor.",
        "respondent": "The child, with the examiner",
        "min_age_months": 2 * 12 + 6,
        "max_age_months": 7 * 12 + 11,
        "parts": [
            ("Visual Motor", "subtest", STD_SCALED),
            ("Fine Motor", "subtest", STD_SCALED),
            ("Gross Motor", "subtest", STD_SCALED),
        ],
    },
    {
        "short_name": "Print Tool",
        "name": "The Print Tool",
        "measures": "A check of printed capitals, lowercase letters and numbers: memory, "
        "orientation, placement, size, start, sequence, control and spacing.",
        "respondent": "The student, with the examiner",
        "parts": [
            ("Capitals", "subtest", RAW),
            ("Lowercase", "subtest", RAW),
            ("Numbers", "subtest", RAW),
        ],
    },
]


def load(tool_model: Any, part_model: Any) -> None:
    for entry in TOOLS:
        fields = {k: v for k, v in entry.items() if k != "parts"}
        tool, _ = tool_model.objects.update_or_create(
            short_name=fields.pop("short_name"), defaults=fields
        )
        # A migration passes the model as it stood then: only the fields it had.
        known = {f.name for f in part_model._meta.get_fields()}
        for position, (name, kind, types) in enumerate(entry["parts"]):
            values = {k: v for k, v in types.items() if k in known}
            part_model.objects.update_or_create(
                tool=tool, name=name, defaults={"kind": kind, "position": position, **values}
            )
