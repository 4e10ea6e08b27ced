from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from otdesk.assessments.catalog_data import load as load_tools

    load_tools(apps.get_model("assessments", "AssessmentTool"), apps.get_model("assessments", "AssessmentPart"))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_catalog")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
