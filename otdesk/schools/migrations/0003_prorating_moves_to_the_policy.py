from django.db import migrations


class Migration(migrations.Migration):
    """Pro-rating short weeks is now part of the district's dated minutes policy
    (delivery.PolicyVersion); delivery's 0006 copies the setting over first."""

    dependencies = [
        ("schools", "0002_class_blocks_protected_travel"),
        ("delivery", "0006_policy_versions_from_a_date"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="district",
            name="prorate_short_weeks",
        ),
    ]
