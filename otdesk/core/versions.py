"""Edit conflicts. A record two people may change at once (a service line, a goal, a
strategy, an aide program, an unsigned note, the district's minutes policy) carries a
version number. A form sends back the version it was opened at; the save claims the next
number only if the row still holds that one, in the same transaction as the write. A stale
save is refused: the page shows what the other person saved beside what this person
typed, keeps the typing, and a second save (after merging) goes through. The API answers
409 with the version now saved."""

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict

from otdesk.accounts.models import User

from .dates import nice_date
from .forms import ModelForm
from .models import AuditEvent

FIELD = "version"
OUT_OF_DATE = "This page is out of date: open it again to see what is saved now."
SAVED_MEANWHILE = (
    "{who} saved this while you were editing it. What they saved is shown beside what you "
    "typed; your typing is kept below. Make it say what it should and save again."
)


class Stale(Exception):
    """Someone saved the record after this edit began. current: the record as saved now."""

    def __init__(self, current: Any, *, version: int, by: User | None = None) -> None:
        super().__init__(f"{current._meta.verbose_name} was saved meanwhile (now v{version})")
        self.current = current
        self.version = version
        self.by = by


def claim(obj: models.Model, seen: int | None, *, name: str = FIELD) -> None:
    """Take the next version of obj's row, or raise Stale if it no longer holds `seen`.
    Call it inside the transaction that saves obj; a new record (no pk) has nothing to
    claim. One conditional UPDATE, so two saves at once cannot both win on any database."""
    if obj.pk is None:
        return
    if seen is None:
        raise ValidationError(OUT_OF_DATE)
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if not rows.filter(**{name: seen}).update(**{name: seen + 1}):
        current = rows.get()
        raise Stale(current, version=getattr(current, name), by=last_saved_by(current))
    setattr(obj, name, seen + 1)


def last_saved_by(obj: models.Model) -> User | None:
    """Who made the latest change to obj, by the access log."""
    event = (
        AuditEvent.objects.filter(
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            action__in=[AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE],
        )
        .select_related("user")
        .order_by("-at", "-pk")
        .first()
    )
    return event.user if event else None


def version_field() -> forms.IntegerField:
    """The hidden box with the version a form was opened at."""
    return forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 2
    )


class VersionedModelForm(ModelForm):
    """A ModelForm of a versioned record: it carries the version it was opened at and
    hands it to the instance, so the service's claim() checks it."""

    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[FIELD].initial = getattr(self.instance, FIELD)

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.instance.pk is not None and FIELD in self.cleaned_data:
            setattr(self.instance, FIELD, self.cleaned_data[FIELD])


@dataclass
class Difference:
    label: str
    theirs: str
    mine: str


@dataclass
class Conflict:
    who: str
    differences: list[Difference] = field(default_factory=list)


def show_conflict(
    form: forms.BaseForm,
    stale: Stale,
    theirs: Mapping[str, Any],
    *,
    skip: Iterable[str] = (),
) -> None:
    """Make a bound form the merge page: what is saved now (`theirs`, the form's fields'
    values from stale.current) beside what was typed, for every field where they differ;
    the typing stays in the boxes and the form now carries the current version, so saving
    again keeps what the person settles on."""
    data = QueryDict(mutable=True)
    data.update(form.data)
    data[form.add_prefix(FIELD)] = str(stale.version)
    form.data = data
    skipped = {FIELD, *skip}
    differences = []
    for name, box in form.fields.items():
        if name in skipped or name not in theirs:
            continue
        typed = form[name].data
        if not box.has_changed(theirs[name], typed):
            continue
        mine = form.cleaned_data.get(name, typed) if hasattr(form, "cleaned_data") else typed
        differences.append(
            Difference(
                label=str(form[name].label), theirs=shown(box, theirs[name]), mine=shown(box, mine)
            )
        )
    who = stale.by.display_name if stale.by else "Someone"
    form.conflict = Conflict(who=who, differences=differences)  # type: ignore[attr-defined]
    form.add_error(None, SAVED_MEANWHILE.format(who=who))


def shown(box: forms.Field, value: Any) -> str:
    """A field's value in words: a choice's label, Yes/No, a list joined; a dash when empty."""
    if value in (None, "", [], ()):
        return "—"
    if isinstance(box, forms.ModelChoiceField):
        if not isinstance(value, models.Model):
            with contextlib.suppress(ValidationError):
                value = box.to_python(value)
        return str(value)
    if isinstance(box, forms.BooleanField):
        return "Yes" if value else "No"
    labels = {str(k): str(v) for k, v in getattr(box, "choices", [])}
    if isinstance(value, (list, tuple, set)):
        return ", ".join(labels.get(str(v), str(v)) for v in value) or "—"
    if labels:
        return labels.get(str(value), str(value))
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return nice_date(value)
    return str(value)
