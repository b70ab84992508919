"""Load the IID rubric years and the urusan list from platform/rubric/data/ (rubric.loader).

Later corrections to the data files are applied with `manage.py load_rubrics` (the same sync)."""

from types import SimpleNamespace

from django.db import migrations


def load_rubric_data(apps, schema_editor):
    from rubric.loader import sync_all

    sync_all(
        models=SimpleNamespace(
            RubricYear=apps.get_model("rubric", "RubricYear"),
            PredicateBand=apps.get_model("rubric", "PredicateBand"),
            Indicator=apps.get_model("rubric", "Indicator"),
            IndicatorOption=apps.get_model("rubric", "IndicatorOption"),
            GovernmentAffair=apps.get_model("rubric", "GovernmentAffair"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [("rubric", "0001_initial")]

    operations = [migrations.RunPython(load_rubric_data, migrations.RunPython.noop)]
