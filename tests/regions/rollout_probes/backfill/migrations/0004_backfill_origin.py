from django.db import connection, migrations


def backfill(apps, schema_editor):
    from tests.regions.rollout_probes import FAIL_IN

    if connection.schema_name in FAIL_IN:
        raise ValueError(f"unexpected data in {connection.schema_name}")
    Change = apps.get_model("history", "Change")
    for change in Change.objects.filter(actor_name=""):
        change.origin = "system"
        change.save(update_fields=["origin"])


class Migration(migrations.Migration):
    dependencies = [("history", "0003_change_origin")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
