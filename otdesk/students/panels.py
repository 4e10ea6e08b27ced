"""Extra sections of the student page, contributed by apps that build on students.

Apps that depend on students (delivery, later programs and reports) register a panel in
their AppConfig.ready(); the students app never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from .models import Student

PanelContext = Callable[[HttpRequest, Student], dict[str, object] | None]


@dataclass(frozen=True)
class Panel:
    template: str
    context: PanelContext
    order: int


_panels: list[Panel] = []


def register_panel(template: str, context: PanelContext, *, order: int) -> None:
    """Add a section; lower order comes first on the page."""
    _panels.append(Panel(template, context, order))
    _panels.sort(key=lambda panel: panel.order)


def panels_for(request: HttpRequest, student: Student) -> list[tuple[str, dict[str, object]]]:
    """(template, context) of each panel this user may see for this student."""
    shown = []
    for panel in _panels:
        context = panel.context(request, student)
        if context is not None:
            shown.append((panel.template, context))
    return shown
