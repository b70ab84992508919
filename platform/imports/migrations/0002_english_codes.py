"""Stored codes in English (issue #14): what the aliases added by platform admins mean."""

from django.db import migrations


VOCABULARIES = {'stage': {'inisiatif': 'initiative', 'uji_coba': 'trial', 'penerapan': 'implementation'}, 'initiator': {'kepala_daerah': 'regional_head', 'anggota_dprd': 'dprd_member', 'masyarakat': 'community'}, 'form': {'tata_kelola': 'governance', 'pelayanan_publik': 'public_service', 'urusan_lainnya': 'other_affair'}, 'rank-scope': {'nasional': 'national', 'kabupaten-kota': 'kabupaten_kota', 'dalam-provinsi': 'in_province'}}


def english(apps, schema_editor, forward: bool = True) -> None:
    alias = apps.get_model("imports", "VocabularyAlias")
    for vocabulary, codes in VOCABULARIES.items():
        for old, new in codes.items():
            source, target = (old, new) if forward else (new, old)
            alias.objects.filter(vocabulary=vocabulary, means=source).update(means=target)


def indonesian(apps, schema_editor) -> None:
    english(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(english, indonesian),
    ]
