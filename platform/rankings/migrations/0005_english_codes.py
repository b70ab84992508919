"""Stored codes in English (issue #14): rank scopes and the stage keys of snapshots."""

from django.db import migrations, models


RANK_SCOPE = {'nasional': 'national', 'kabupaten-kota': 'kabupaten_kota', 'dalam-provinsi': 'in_province'}
STAGE = {'inisiatif': 'initiative', 'uji_coba': 'trial', 'penerapan': 'implementation'}


def english(apps, schema_editor, forward: bool = True) -> None:
    result = apps.get_model("rankings", "OfficialResult")
    snapshot = apps.get_model("rankings", "IndexSnapshot")
    scopes = RANK_SCOPE if forward else {new: old for old, new in RANK_SCOPE.items()}
    stages = STAGE if forward else {new: old for old, new in STAGE.items()}
    for old, new in scopes.items():
        result.objects.filter(rank_scope=old).update(rank_scope=new)
    # The snapshot counts innovations by stage code (a JSON object).
    for row in snapshot.objects.exclude(by_stage={}).only("pk", "by_stage").iterator():
        renamed = {stages.get(code, code): count for code, count in row.by_stage.items()}
        if renamed != row.by_stage:
            snapshot.objects.filter(pk=row.pk).update(by_stage=renamed)


def indonesian(apps, schema_editor) -> None:
    english(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('rankings', '0004_official_results_marked_demo'),
    ]

    operations = [
        migrations.AlterField(
            model_name='officialresult',
            name='rank_scope',
            field=models.CharField(blank=True, choices=[('national', 'nasional'), ('kabupaten_kota', 'antarkabupaten/kota'), ('kabupaten', 'antarkabupaten'), ('kota', 'antarkota'), ('provinsi', 'antarprovinsi'), ('in_province', 'dalam provinsi')], db_default='', default='', max_length=16, verbose_name='lingkup peringkat'),
        ),
        migrations.RunPython(english, indonesian),
    ]
