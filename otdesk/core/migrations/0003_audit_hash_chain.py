"""Audit events carry a hash chain (core/chain.py); existing events are chained in id
order. A person with events can no longer be deleted (PROTECT): SET_NULL would rewrite
their events, which the next migration's triggers refuse."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from otdesk.core import chain


def chain_existing_events(apps, schema_editor):  # type: ignore[no-untyped-def]
    AuditEvent = apps.get_model("core", "AuditEvent")
    using = schema_editor.connection.alias
    prev = chain.GENESIS
    for event in AuditEvent.objects.using(using).order_by("pk").iterator():
        event.prev_hash = prev
        event.hash = chain.event_hash(event, prev)
        AuditEvent.objects.using(using).filter(pk=event.pk).update(
            prev_hash=event.prev_hash, hash=event.hash
        )
        prev = event.hash


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_address_before_after"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
