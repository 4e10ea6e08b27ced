"""The demo's Medicaid billing: the default code table, every therapist's credential, and
billing records for the students: most with consent and a Medicaid id, a few without
consent, one with consent withdrawn, one with no Medicaid id yet (so the "cannot be billed"
list shows each reason). Last month is exported once, so the page shows an earlier export."""

import datetime as dt

from otdesk.accounts.models import Role, User
from otdesk.billing import services
from otdesk.billing.forms import month_of
from otdesk.billing.models import BillingProfile, ProviderCredential
from otdesk.billing.queries import billing_run
from otdesk.schools.models import District
from otdesk.students.models import Student

COORDINATOR = "coord.davis"


def generate_billing(*, district: District, today: dt.date) -> None:
    services.ensure_default_codes(district=district)
    therapists = User.objects.filter(district=district, role__in=[Role.OT, Role.COTA])
    ProviderCredential.objects.bulk_create(
        ProviderCredential(
            provider=person,
            credential=f"{'OTR/L' if person.role == Role.OT else 'COTA/L'} {40000 + person.pk}",
            npi=f"{1000000000 + person.pk * 7919:010d}"[:10],
        )
        for person in therapists
    )
    year_start = district.school_year_start
    profiles = []
    for n, student in enumerate(
        Student.objects.filter(school__district=district).order_by("last_name", "first_name", "pk")
    ):
        consent = n % 7 != 3  # about one in seven without consent
        profiles.append(
            BillingProfile(
                student=student,
                medicaid_id="" if n == 5 else f"MC{100000 + student.pk}",
                consent_received=year_start if consent else None,
                consent_withdrawn=(today - dt.timedelta(days=20)) if n == 8 else None,
                prescription_date=year_start - dt.timedelta(days=30),
            )
        )
    BillingProfile.objects.bulk_create(profiles)
    coordinator = User.objects.filter(username=COORDINATOR, district=district).first()
    if coordinator is None:
        return
    start, end = month_of(today.replace(day=1) - dt.timedelta(days=1))
    if start >= year_start:
        run = billing_run(district=district, start=start, end=end)
        services.record_export(actor=coordinator, run=run)
