"""The Spanish catalogue is complete and compiled: every entry of the .po is translated,
none is fuzzy, and the committed .mo says the same (run `make messages` after editing the
.po). And the language each person reads: their choice, else a guardian's browser, else
English for staff."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

import otdesk
from otdesk.testing.login import sign_in

LOCALE = Path(otdesk.__file__).parent / "locale" / "es" / "LC_MESSAGES"
FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$')


def po_entries() -> list[dict[str, str]]:
    entries = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n")[1:]:
        fields: dict[str, list[str]] = {}
        flags = ""
        current = ""
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith("#"):
                continue
            elif match := FIELD.match(line):
                current = match.group(1)
                fields[current] = [match.group(2)]
            else:
                fields[current].append(line)
        entry = {k: "".join(ast.literal_eval(part) for part in v) for k, v in fields.items()}
        entry["flags"] = flags
        entries.append(entry)
    return entries


def test_every_entry_is_translated_and_compiled():
    entries = po_entries()
    assert len(entries) > 250
    with (LOCALE / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    problems = []
    for e in entries:
        key = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "fuzzy" in e["flags"]:
            problems.append(f"fuzzy: {key}")
        if "msgid_plural" in e:
            wanted = [e["msgstr[0]"], e["msgstr[1]"]]
            compiled = [catalog.get((key, 0)), catalog.get((key, 1))]
        else:
            wanted, compiled = [e["msgstr"]], [catalog.get(key)]
        if not all(wanted):
            problems.append(f"untranslated: {key}")
        elif compiled != wanted:
            problems.append(f"not compiled (run make messages): {key}")
    assert problems == []


@pytest.mark.parametrize(
    ("persona", "language", "cookie", "expected"),
    [
        ("parent", "", "es", "es"),  # a guardian without a choice: the browser's language
        ("parent", "es", "en", "es"),  # the choice wins over the browser
        ("parent", "", "", "en"),
        ("therapist", "", "es", "en"),  # staff read the English staff pages
        ("therapist", "es", "", "es"),  # unless they chose Spanish
    ],
)
def test_the_language_each_person_reads(client, world, persona, language, cookie, expected):
    user = getattr(world, persona)
    user.language = language
    user.save()
    sign_in(client, user)
    if cookie:
        client.cookies["django_language"] = cookie
    html = client.get(reverse("family:glossary", args=["ot"])).content.decode()
    assert f'<html lang="{expected}">' in html


def test_a_spanish_reading_parent_gets_error_pages_in_spanish(client, world):
    world.parent.language = "es"
    world.parent.save()
    sign_in(client, world.parent)
    response = client.get(reverse("family:child", args=[world.student.pk + 1000]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "No se encontró la página" in html
    assert "Ese niño o niña no está vinculado a su cuenta." in html
    assert "Ir a su página de inicio" in html
    assert "Page not found" not in html and "No such child." not in html
