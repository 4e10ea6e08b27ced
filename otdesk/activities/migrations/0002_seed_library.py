"""Load the activity library OT Desk ships with (English, with Spanish texts)."""

from django.db import migrations


def load(apps, schema_editor):
    from otdesk.activities.seed import load_library

    load_library(
        apps.get_model("activities", "Activity"),
        apps.get_model("activities", "ActivityArea"),
        apps.get_model("activities", "ActivityText"),
    )


def unload(apps, schema_editor):
    from otdesk.activities.library import LIBRARY

    apps.get_model("activities", "Activity").objects.filter(
        key__in=[entry["key"] for entry in LIBRARY]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_activity_library")]
    operations = [migrations.RunPython(load, unload)]
