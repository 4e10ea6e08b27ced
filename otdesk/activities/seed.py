"""Loading the shipped library into the database; used by the data migration and by tests
whose database was emptied (transactional browser tests flush every table)."""

from typing import Any

from .library import LIBRARY


def load_library(activity_model: Any, area_model: Any, text_model: Any) -> int:
    """Create the shipped activities that are missing; returns how many were created."""
    present = set(activity_model.objects.filter(key__isnull=False).values_list("key", flat=True))
    created = 0
    for entry in LIBRARY:
        if entry["key"] in present:
            continue
        en, es = entry["en"], entry["es"]
        activity = activity_model.objects.create(
            key=entry["key"],
            name=en["name"],
            materials=en["materials"],
            instructions=en["instructions"],
            easier=en["easier"],
            harder=en["harder"],
            safety=en["safety"],
            in_class="c" in entry["places"],
            pull_out="p" in entry["places"],
            at_home="h" in entry["places"],
            group_size=entry["group"],
            picture=f"otdesk/activities/{entry['areas'][0]}.svg",
        )
        area_model.objects.bulk_create(
            area_model(activity=activity, area=area) for area in entry["areas"]
        )
        text_model.objects.create(activity=activity, language="es", **es)
        created += 1
    return created
