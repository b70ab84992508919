"""Stored codes in English (issue #14): the catalog's copies of stages, forms and document
kinds (a projection of the regions' data, renamed here so it never shows a mix)."""

from django.db import migrations


STAGE = {'inisiatif': 'initiative', 'uji_coba': 'trial', 'penerapan': 'implementation'}
FORM = {'tata_kelola': 'governance', 'pelayanan_publik': 'public_service', 'urusan_lainnya': 'other_affair'}
DOCUMENT_KIND = {'anggaran': 'budget', 'regulasi': 'regulation', 'panduan': 'guide', 'lainnya': 'other'}


def _rename(model, field: str, codes: dict[str, str]) -> None:
    for old, new in codes.items():
        model.objects.filter(**{field: old}).update(**{field: new})


def english(apps, schema_editor, forward: bool = True) -> None:
    def codes(mapping):
        return mapping if forward else {new: old for old, new in mapping.items()}

    entry = apps.get_model("catalog", "CatalogEntry")
    document = apps.get_model("catalog", "CatalogDocument")
    _rename(entry, "stage", codes(STAGE))
    _rename(entry, "form", codes(FORM))
    _rename(document, "kind", codes(DOCUMENT_KIND))


def indonesian(apps, schema_editor) -> None:
    english(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0004_most_replicated_index'),
    ]

    operations = [
        migrations.RunPython(english, indonesian),
    ]
