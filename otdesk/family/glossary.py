"""The family's glossaries, in our own plain words: "Terms in OT", "Terms in the IEP" and
the "Guide to OT assessments". Each entry has an anchor (its slug) that parent pages link
to through the `term` template tag (family/templatetags/family.py)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    slug: str
    term: Promise
    means: Promise
    ages: Promise | None = None  # assessments only


@dataclass(frozen=True)
class Glossary:
    key: str  # the URL's name: family:terms_<key>
    title: Promise
    intro: Promise
    entries: tuple[Entry, ...]


OT_TERMS = Glossary(
    key="ot",
    title=_("Terms in OT"),
    intro=_("Words therapists use, explained in everyday language."),
    entries=(
        Entry(
            "occupational-therapy",
            _("Occupational therapy (OT)"),
            _(
                "Help with the everyday jobs of being a student: writing, cutting, getting "
                "dressed for recess, sitting ready to learn, handling feelings of too much "
                "or too little movement and noise. At school, OT supports learning."
            ),
        ),
        Entry(
            "otr",
            _("Occupational therapist (OTR)"),
            _(
                "The licensed therapist who evaluates your child, writes the OT part of the "
                "IEP and plans the services."
            ),
        ),
        Entry(
            "cota",
            _("OT assistant (COTA)"),
            _(
                "A certified assistant who gives sessions under the occupational "
                "therapist's supervision."
            ),
        ),
        Entry(
            "push-in",
            _("Help in the classroom (push-in, integrated therapy)"),
            _(
                "The therapist works with your child inside the classroom, during class "
                "activities. It is usually the first choice at school: the practice fits "
                "the schoolwork, and the teacher learns the same techniques."
            ),
        ),
        Entry(
            "co-teaching",
            _("Co-teaching"),
            _(
                "The therapist and the teacher plan and lead a lesson together, so your "
                "child gets help as part of the class and classmates can benefit too."
            ),
        ),
        Entry(
            "pull-out",
            _("Work outside the classroom (pull-out)"),
            _(
                "The therapist takes your child to another room. It is chosen when a skill "
                "is far below classmates', when the equipment does not fit in a classroom "
                "(large sensory equipment, for example), or when the activity would "
                "distract others or interrupt teaching. The reason is written down."
            ),
        ),
        Entry(
            "aide-program",
            _("Program carried out by an aide"),
            _(
                "The therapist writes a set of activities, trains an aide or behaviorist by "
                "showing and coaching, then checks on it regularly and updates it. Common "
                "with assistive technology."
            ),
        ),
        Entry(
            "consultation",
            _("Consultation"),
            _(
                "Time the therapist spends with the teacher and the team rather than with "
                "your child: checking that supports are in place, adjusting them and "
                "looking at new concerns."
            ),
        ),
        Entry(
            "strategy",
            _("Support (strategy)"),
            _(
                "Something the team does every day to help your child, such as a pencil "
                "grip, a seat cushion, a movement break or a desk away from the door."
            ),
        ),
        Entry(
            "fine-motor",
            _("Fine motor skills"),
            _(
                "Small, careful movements of the hands and fingers: holding a pencil, "
                "using scissors, opening a lunch box, doing up buttons."
            ),
        ),
        Entry(
            "visual-motor",
            _("Visual motor skills (eye–hand coordination)"),
            _(
                "Using the eyes and hands together: copying from the board, drawing "
                "shapes, cutting on a line, catching a ball."
            ),
        ),
        Entry(
            "sensory-processing",
            _("Sensory processing"),
            _(
                "How the body takes in touch, movement, sound and sight and uses them to "
                "stay calm and ready. Some children need more input to stay alert; others "
                "need less to stay calm."
            ),
        ),
        Entry(
            "sensory-diet",
            _("Sensory diet"),
            _(
                "A plan of movement and sensory activities through the day (wall push-ups, "
                "animal walks, a quiet corner) that helps a child stay ready to learn."
            ),
        ),
        Entry(
            "assistive-technology",
            _("Assistive technology"),
            _(
                "Tools that make schoolwork possible or easier: adapted pencils, slant "
                "boards, typing devices, speech-to-text."
            ),
        ),
        Entry(
            "home-program",
            _("Home program"),
            _(
                "A short sheet of activities to do at home, chosen by the therapist for "
                "your child's goals."
            ),
        ),
    ),
)

IEP_TERMS = Glossary(
    key="iep",
    title=_("Terms in the IEP"),
    intro=_("Words from the IEP document and meetings, explained plainly."),
    entries=(
        Entry(
            "iep",
            _("IEP (Individualized Education Program)"),
            _(
                "The written plan for your child's special education services. It is "
                "agreed at a meeting where you are part of the team, and reviewed at least "
                "once a year."
            ),
        ),
        Entry(
            "iep-team",
            _("IEP team"),
            _(
                "You, the teacher, the therapists, a school leader and others who know "
                "your child. The team decides together."
            ),
        ),
        Entry(
            "service-grid",
            _("Service grid"),
            _(
                "The table in the IEP that lists each service: what kind, how many "
                "minutes, how often, where and from when to when."
            ),
        ),
        Entry(
            "direct-minutes",
            _("Direct minutes"),
            _("Time the therapist spends working with your child, in class or outside it."),
        ),
        Entry(
            "consultation-minutes",
            _("Consultation minutes"),
            _(
                "Time the therapist spends with the teacher and team about your child. The "
                "IEP may list them apart from direct minutes."
            ),
        ),
        Entry(
            "narrated",
            _("Minutes described in the OT report"),
            _(
                "Some districts do not list OT minutes in the service grid; the OT report "
                "describes them in words instead. The minutes are still counted. If you "
                "cannot find them, ask the team."
            ),
        ),
        Entry(
            "three-one",
            _("3:1 model"),
            _(
                "Monthly minutes given in three weeks out of four; the fourth week is for "
                "planning and working with the team."
            ),
        ),
        Entry(
            "goal",
            _("Goal"),
            _(
                "What your child is working toward by the next IEP, written so that "
                "progress can be measured."
            ),
        ),
        Entry(
            "agreed-strategy",
            _("Agreed but not written in the IEP"),
            _(
                "A support the team uses without writing it into the IEP, so it can be "
                "changed quickly. You may ask for it to be written in."
            ),
        ),
        Entry(
            "missed-session",
            _("Missed session"),
            _(
                "A planned session that did not happen. Whether it is owed depends on why "
                "it was missed and on the district's rules."
            ),
        ),
        Entry(
            "make-up",
            _("Make-up session"),
            _("A session given later to replace minutes that were missed and are owed."),
        ),
        Entry(
            "annual-review",
            _("Annual review"),
            _("The yearly IEP meeting, where the team looks at progress and writes a new IEP."),
        ),
        Entry(
            "reevaluation",
            _("Re-evaluation (triennial)"),
            _(
                "A new evaluation at least every three years to check whether your child "
                "still needs services and which ones."
            ),
        ),
        Entry(
            "record-of-access",
            _("Record of access"),
            _(
                "The list of school staff who looked at or changed your child's record, "
                "and when. A privacy law (FERPA) gives you the right to see it."
            ),
        ),
    ),
)

ASSESSMENTS = Glossary(
    key="assessments",
    title=_("Guide to OT assessments"),
    intro=_(
        "Tests a school occupational therapist may use, the ages they are made for, and "
        "what they look at. A therapist chooses the ones that fit your child."
    ),
    entries=(
        Entry(
            "bot-2",
            _("BOT-2 (Bruininks-Oseretsky Test of Motor Proficiency, 2nd edition)"),
            _(
                "Large and small movement: balance, running, coordination, strength, "
                "hand control and precision."
            ),
            _("4 to 21 years"),
        ),
        Entry(
            "bot-3",
            _("BOT-3 (Bruininks-Oseretsky Test of Motor Proficiency, 3rd edition)"),
            _("The newer edition of the BOT: the same kinds of movement skills, updated."),
            _("4 to 25 years"),
        ),
        Entry(
            "beery-vmi",
            _("Beery VMI (Visual-Motor Integration)"),
            _(
                "Copying shapes of growing difficulty: how well the eyes and hand work "
                "together, with extra parts for seeing and for hand control alone."
            ),
            _("2 to 100 years"),
        ),
        Entry(
            "sensory-profile-2",
            _("Sensory Profile 2"),
            _(
                "Questionnaires that parents and teachers fill in (the teacher's is the "
                "School Companion) about how a child responds to sound, touch, movement "
                "and other sensations in daily life."
            ),
            _("Birth to 14 years 11 months"),
        ),
        Entry(
            "spm-2",
            _("SPM-2 (Sensory Processing Measure, 2nd edition)"),
            _(
                "Forms filled in at home and at school about sensory processing, body "
                "awareness, balance, planning of movement and social participation."
            ),
            _("4 months to 87 years"),
        ),
        Entry(
            "sfa",
            _("School Function Assessment (SFA)"),
            _(
                "How a student takes part in school life: moving around the school, "
                "using materials, eating, toileting, following routines. Staff who know "
                "the child rate it."
            ),
            _("Kindergarten to grade 6"),
        ),
        Entry(
            "pdms-3",
            _("PDMS-3 (Peabody Developmental Motor Scales, 3rd edition)"),
            _(
                "Early movement skills of young children: grasping, using the hands, "
                "standing, walking, throwing and catching."
            ),
            _("Birth to 5 years 11 months"),
        ),
        Entry(
            "etch",
            _("ETCH (Evaluation Tool of Children's Handwriting)"),
            _(
                "Handwriting at school: how readable and how fast a child writes letters, "
                "numbers and sentences, and how they hold the pencil."
            ),
            _("Grades 1 to 6"),
        ),
        Entry(
            "m-fun",
            _("M-FUN (Miller Function and Participation Scales)"),
            _(
                "Movement skills through play-like tasks (drawing, building, moving), and "
                "how they affect taking part at school and at home."
            ),
            _("2 years 6 months to 7 years 11 months"),
        ),
        Entry(
            "print-tool",
            _("The Print Tool"),
            _(
                "A close look at printing: forming letters and numbers, size, spacing and "
                "placement on the line, to plan handwriting help."
            ),
            _("From about 6 years"),
        ),
    ),
)

GLOSSARIES = {g.key: g for g in (OT_TERMS, IEP_TERMS, ASSESSMENTS)}


def find(slug: str) -> tuple[Glossary, Entry]:
    """The glossary and entry of a term's slug (a mistyped slug is a programming error)."""
    for glossary in GLOSSARIES.values():
        for entry in glossary.entries:
            if entry.slug == slug:
                return glossary, entry
    raise KeyError(f"No glossary entry {slug!r}")
