"""The roster import pages: upload, the dry run's report, import, and who may open them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.jobs.services import run_pending
from otdesk.roster.models import RosterImport
from otdesk.roster.synthetic import build_zip, sample_roster_zip
from otdesk.students.models import Student
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

from .test_oneroster import ENROLLMENTS, files

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "roster.zip"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("roster:home"), {"file": SimpleUploadedFile(name, data, "application/zip")}
    )


def test_roster_page_check_then_import(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.coordinator)
    page = client.get(reverse("roster:home"))
    assert page.status_code == 200
    assert b"No roster file has been checked yet." in page.content

    response = upload(client, build_zip(files()))
    item = RosterImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("roster:detail", args=[item.pk])
    busy = client.get(response["Location"]).content.decode()
    assert "Checking the file" in busy and 'hx-trigger="every 1s"' in busy

    run_pending()
    item.refresh_from_db()
    assert item.status == RosterImport.Status.CHECKED
    page = client.get(reverse("roster:detail", args=[item.pk])).content.decode()
    assert "The file has no problems. Importing it makes these changes:" in page
    assert (
        '<th scope="row" data-label="Records">Student</th><td class="num" data-label="Added">2'
        in page
    )
    assert 'Lucia Marsh <span class="muted">(s-1)</span>' in page
    assert Student.objects.filter(sourced_id="s-1").count() == 0

    response = client.post(reverse("roster:import", args=[item.pk]))
    assert response.status_code == 302
    run_pending()
    item.refresh_from_db()
    assert item.status == RosterImport.Status.APPLIED
    assert bytes(item.data) == b""  # the roster file is not kept once imported
    assert Student.objects.filter(sourced_id__in=["s-1", "s-2"]).count() == 2
    page = client.get(reverse("roster:detail", args=[item.pk])).content.decode()
    assert "Imported</span>" in page and "These changes were made:" in page

    # Importing the same upload again is refused: it was imported.
    client.post(reverse("roster:import", args=[item.pk]))
    assert (
        "only a checked upload with no problems can be imported"
        in client.get(reverse("roster:detail", args=[item.pk])).content.decode()
    )


def test_roster_page_refuses_a_broken_file(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.coordinator)
    broken = [
        *ENROLLMENTS,
        {"sourcedId": "e-9", "classSourcedId": "c-404", "userSourcedId": "s-2", "role": "student"},
    ]
    upload(client, build_zip(files(enrollments=broken)))
    run_pending()
    item = RosterImport.objects.get()
    assert item.status == RosterImport.Status.REFUSED
    page = client.get(reverse("roster:detail", args=[item.pk])).content.decode()
    assert "<strong>enrollments.csv, line 5:</strong> classSourcedId c-404 is not a class" in page
    assert "Import these changes" not in page
    assert client.post(reverse("roster:import", args=[item.pk])).status_code == 302
    item.refresh_from_db()
    assert item.status == RosterImport.Status.REFUSED


def test_roster_page_form_errors(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.coordinator)
    response = client.post(reverse("roster:home"), {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = upload(client, b"")
    assert response.status_code == 400
    assert "The submitted file is empty." in response.content.decode()
    assert RosterImport.objects.count() == 0


def test_roster_sample_imports_into_the_demo_style_district(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.coordinator)
    response = client.get(reverse("roster:sample"))
    assert response["Content-Type"] == "application/zip"
    assert response.content == sample_roster_zip(world.district)
    upload(client, response.content, "sample.zip")
    run_pending()
    item = RosterImport.objects.get()
    assert item.report["problems"] == []
    assert item.report["counts"]["student"]["create"] == 6
    assert item.report["counts"]["guardian"]["create"] == 6


def test_roster_pages_belong_to_the_coordinator(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.coordinator)
    upload(client, build_zip(files()))
    item = RosterImport.objects.get()
    other = f.make_user(Role.COORDINATOR, f.make_district(name="Elsewhere"), username="far")
    urls = [
        reverse("roster:home"),
        reverse("roster:sample"),
        reverse("roster:detail", args=[item.pk]),
    ]
    for person in (world.therapist, world.teacher, world.parent, world.aide):
        sign_in(client, person)
        for url in urls:
            assert client.get(url).status_code == 404, (person.username, url)
        assert client.post(reverse("roster:import", args=[item.pk])).status_code == 404
        assert upload(client, build_zip(files())).status_code == 404
    # Another district's coordinator has a roster page of their own, without this upload.
    sign_in(client, other)
    assert item.file_name not in client.get(urls[0]).content.decode()
    assert client.get(urls[2]).status_code == 404
    assert client.post(reverse("roster:import", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.status == RosterImport.Status.CHECKING and RosterImport.objects.count() == 1
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_the_roster_page_costs_the_same_queries_for_more_files(
    client, world, django_assert_num_queries
):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def made(n: int) -> None:
        for i in range(n):
            RosterImport.objects.create(
                district=world.district,
                uploaded_by=f.make_user(Role.COORDINATOR, world.district, username=f"c{n}-{i}"),
                file_name=f"roster-{n}-{i}.zip",
                status=RosterImport.Status.CHECKED,
            )

    sign_in(client, world.coordinator)
    made(1)
    client.get(reverse("roster:home"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("roster:home")).status_code == 200
    made(8)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("roster:home")).content.decode()
    assert page.count("roster-8-") == 8
