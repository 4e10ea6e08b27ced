"""Load the activity library OT Desk ships with (English, with Spanish texts)."""

from django.db import migrations


def load(apps, schema_editor):
    from otdesk.activities.library import LIBRARY

    Activity = apps.get_model("activities", "Activity")
    ActivityArea = apps.get_model("activities", "ActivityArea")
    ActivityText = apps.get_model("activities", "ActivityText")
    for entry in LIBRARY:
        en, es = entry["en"], entry["es"]
        activity = Activity.objects.create(
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
        ActivityArea.objects.bulk_create(
            ActivityArea(activity=activity, area=area) for area in entry["areas"]
        )
        ActivityText.objects.create(activity=activity, language="es", **es)


def unload(apps, schema_editor):
    from otdesk.activities.library import LIBRARY

    apps.get_model("activities", "Activity").objects.filter(
        key__in=[entry["key"] for entry in LIBRARY]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_activity_library")]
    operations = [migrations.RunPython(load, unload)]
