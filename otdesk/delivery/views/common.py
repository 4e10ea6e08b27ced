"""What the delivery views share: the therapist gate, dates and ids from the query
string, refreshable forms and the messages shown on a card of Today."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.forms import BaseForm, BooleanField, Form, ModelMultipleChoiceField, MultipleChoiceField
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse

from otdesk.accounts.models import User
from otdesk.accounts.permissions import require_therapist
from otdesk.core.http import current_user, parse_id

from ..models import MissedSession, PlannedSession
from ..queries import card_anchor


def therapist(request: HttpRequest) -> User:
    """The signed-in OT or COTA; the delivery pages belong to therapists only."""
    return require_therapist(current_user(request), "Only therapists log sessions.")


def parse_day(text: str | None, default: dt.date) -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise Http404("That is not a date.") from exc


def query_id(source: QueryDict, name: str) -> int | None:
    """An id given in the query string: None when absent, 404 when it is not an id."""
    text = source.get(name)
    if not text:
        return None
    pk = parse_id(text)
    if pk is None:
        raise Http404("No such record.")
    return pk


def id_list(source: QueryDict, *names: str) -> list[int]:
    """The ids listed under these names (e.g. ?student=4&students=5); anything that is not
    an id is left out, so it selects nothing."""
    ids = (parse_id(text) for name in names for text in source.getlist(name))
    return [pk for pk in ids if pk is not None]


def refreshable(
    request: HttpRequest, form_class: type[Form], *, initial: dict[str, Any], **kwargs: Any
) -> Any:
    """The form bound to the POST, except when the user only pressed a refresh button
    ('Update students', 'Suggest activities'): then an unbound form that keeps what was
    typed, so no error shows before they save."""
    if request.method != "POST":
        return form_class(initial=initial, **kwargs)
    if "refresh" not in request.POST:
        return form_class(request.POST, initial=initial, **kwargs)
    kept: dict[str, Any] = {}
    for name, field in form_class(**kwargs).fields.items():
        if isinstance(field, MultipleChoiceField | ModelMultipleChoiceField):
            kept[name] = request.POST.getlist(name)
        elif isinstance(field, BooleanField):
            kept[name] = name in request.POST
        elif name in request.POST:
            kept[name] = request.POST.get(name)
    return form_class(initial={**initial, **kept}, **kwargs)


def saving(request: HttpRequest) -> bool:
    """A POST that saves (not one of the refresh buttons)."""
    return request.method == "POST" and "refresh" not in request.POST


def form_problems(form: BaseForm) -> str:
    """A small form's errors as one sentence, for a message at the top of the page."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def planned_for(provider: User, pk: int) -> PlannedSession:
    """One of the provider's planned sessions, else 404."""
    return get_object_or_404(
        PlannedSession.objects.select_related("school", "makeup_for").prefetch_related("students"),
        pk=pk,
        provider=provider,
    )


def open_makeup(planned: PlannedSession) -> MissedSession | None:
    """The miss a booked make-up (the make-up planner's) credits, unless it was voided."""
    miss = planned.makeup_for
    return miss if miss is not None and miss.voided_at is None else None


# A message about one card on Today is shown on that card, where the page returns to.
CARD_TAG = "card"


def card_url(planned_id: int, day: dt.date) -> str:
    """Today's page for the week of `day`, opened at the planned session's card."""
    return f"{reverse('delivery:week')}?week={day.isoformat()}#{card_anchor(planned_id, day)}"


def tell_card(
    request: HttpRequest, level: int, text: str, *, planned_id: int, day: dt.date
) -> None:
    anchor = card_anchor(planned_id, day)
    messages.add_message(request, level, text, extra_tags=f"{CARD_TAG} {anchor}")
