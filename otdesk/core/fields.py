"""Model columns several apps share (kept free of model imports, so any models.py can use them)."""

from django.db import models


def version_column() -> "models.PositiveIntegerField[int, int]":
    """The column that numbers a record's saved versions (1 when made)."""
    return models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up by one at every save (edit conflicts)."
    )
