"""Stored codes in English (issue #14): publication document kinds (in each region's schema)."""

from django.db import migrations, models


DOCUMENT_KIND = {'anggaran': 'budget', 'regulasi': 'regulation', 'panduan': 'guide', 'lainnya': 'other'}


def english(apps, schema_editor, forward: bool = True) -> None:
    document = apps.get_model("publishing", "PublicationDocument")
    for old, new in DOCUMENT_KIND.items():
        source, target = (old, new) if forward else (new, old)
        document.objects.filter(kind=source).update(kind=target)


def indonesian(apps, schema_editor) -> None:
    english(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0002_ids_64_bit'),
    ]

    operations = [
        migrations.AlterField(
            model_name='publicationdocument',
            name='kind',
            field=models.CharField(choices=[('sop', 'SOP'), ('budget', 'Rincian anggaran'), ('regulation', 'Regulasi'), ('guide', 'Panduan/manual'), ('other', 'Lainnya')], max_length=10, verbose_name='jenis'),
        ),
        migrations.RunPython(english, indonesian),
    ]
