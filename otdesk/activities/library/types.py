"""The shape of a library entry: plain dicts the data migration reads."""

from typing import TypedDict


class Text(TypedDict):
    name: str
    materials: str
    instructions: str
    easier: str
    harder: str
    safety: str


class Entry(TypedDict):
    key: str
    areas: list[str]
    places: str  # any of "c" (in class), "p" (pull-out), "h" (home)
    group: str
    en: Text
    es: Text


def text(
    name: str, materials: str, instructions: str, easier: str, harder: str, safety: str = ""
) -> Text:
    """One language's wording of an activity, in the order a sheet reads it."""
    return Text(
        name=name,
        materials=materials,
        instructions=instructions,
        easier=easier,
        harder=harder,
        safety=safety,
    )
