"""The strict Content-Security-Policy is on every answer, the Django admin's included, and
the admin works under it: none of its pages carries an inline script, an inline style, an
event handler attribute or a javascript: link (what the policy would block)."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from otdesk.core.middleware import POLICY
from otdesk.district.tests.helpers import make_operator
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db

EXPECTED = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
DATA_TYPES = {"application/json", "application/ld+json"}  # data, never run


class InlineCode(HTMLParser):
    """What in a page a policy without 'unsafe-inline' blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        if tag == "script" and "src" not in given and given.get("type") not in DATA_TYPES:
            self.found.append(f"<script> without src at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{name}= on <{tag}> at line {self.getpos()[0]}")
            if name in {"href", "src", "action"} and (value or "").strip().startswith(
                "javascript:"
            ):
                self.found.append(f"javascript: link on <{tag}> at line {self.getpos()[0]}")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_policy_is_the_strict_one():
    assert POLICY == EXPECTED


@pytest.mark.parametrize("name", ["login", "admin:login"])
def test_sign_in_pages_carry_the_policy(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == EXPECTED
    assert inline_code(response.content.decode()) == []


def test_the_finder_sees_what_the_policy_blocks():
    page = (
        '<script>alert(1)</script><script src="/s.js"></script>'
        '<script type="application/json">{}</script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:void(0)">a</a></p>'
    )
    assert inline_code(page) == [
        "<script> without src at line 1",
        "<style> at line 1",
        "style= on <p> at line 1",
        "onclick= on <p> at line 1",
        "javascript: link on <a> at line 1",
    ]


def _admin_pages() -> list[str]:
    """The admin's index, and for every model its list, its add page and the change and
    history pages of its first record (when it has one)."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{info}_changelist"), reverse(f"{info}_add")]
        first = model._default_manager.first()
        if first is not None:
            urls += [reverse(f"{info}_{page}", args=[first.pk]) for page in ("change", "history")]
    return urls


def test_every_admin_page_works_under_the_policy(world):
    operator = make_operator(username="operator")
    f.make_session(world.therapist, world.school, [world.student])
    client = Client()
    sign_in(client, operator)
    problems, checked = [], []
    for url in _admin_pages():
        response = client.get(url)
        if response.status_code == 403 and url.endswith("/add/"):  # a record with a legal life
            continue
        checked.append(url)
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
            continue
        if response["Content-Security-Policy"] != EXPECTED:
            problems.append(f"{url}: policy {response['Content-Security-Policy']!r}")
        problems += [f"{url}: {found}" for found in inline_code(response.content.decode())]
    assert problems == []
    lists = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    assert [url for url in lists if url not in checked] == []
