from types import SimpleNamespace

from django.db import migrations


def load(apps, schema_editor):
    from rubric.loader import sync_all

    sync_all(
        SimpleNamespace(
            RubricYear=apps.get_model("rubric", "RubricYear"),
            PredicateBand=apps.get_model("rubric", "PredicateBand"),
            Indicator=apps.get_model("rubric", "Indicator"),
            IndicatorOption=apps.get_model("rubric", "IndicatorOption"),
            GovernmentAffair=apps.get_model("rubric", "GovernmentAffair"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [("rubric", "0003_indicator_derived_from")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
