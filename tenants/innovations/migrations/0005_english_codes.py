"""Stored codes in English (issue #14): the innovation's stage, initiator and form, in each
region's schema, and the same codes in its recorded history."""

from django.db import migrations, models


FIELDS = {'stage': {'inisiatif': 'initiative', 'uji_coba': 'trial', 'penerapan': 'implementation'}, 'initiator': {'kepala_daerah': 'regional_head', 'anggota_dprd': 'dprd_member', 'masyarakat': 'community'}, 'form': {'tata_kelola': 'governance', 'pelayanan_publik': 'public_service', 'urusan_lainnya': 'other_affair'}}


def english(apps, schema_editor, forward: bool = True) -> None:
    innovation = apps.get_model("innovations", "Innovation")
    change = apps.get_model("history", "Change")
    fields = {
        name: codes if forward else {new: old for old, new in codes.items()}
        for name, codes in FIELDS.items()
    }
    for name, codes in fields.items():
        for source, target in codes.items():
            innovation.objects.filter(**{name: source}).update(**{name: target})
    # The history keeps [old, new] per field: a recorded change reads in the same codes.
    touched = change.objects.filter(
        models.Q(changes__has_key="stage")
        | models.Q(changes__has_key="initiator")
        | models.Q(changes__has_key="form")
    )
    for row in touched.only("pk", "changes").iterator():
        renamed = dict(row.changes)
        for name, codes in fields.items():
            if isinstance(renamed.get(name), list):
                renamed[name] = [codes.get(value, value) for value in renamed[name]]
        if renamed != row.changes:
            change.objects.filter(pk=row.pk).update(changes=renamed)


def indonesian(apps, schema_editor) -> None:
    english(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('innovations', '0004_ids_64_bit'),
        ('history', '0002_ids_64_bit'),
    ]

    operations = [
        migrations.AlterField(
            model_name='innovation',
            name='form',
            field=models.CharField(blank=True, choices=[('governance', 'Inovasi tata kelola pemerintahan daerah'), ('public_service', 'Inovasi pelayanan publik'), ('other_affair', 'Inovasi daerah lainnya sesuai urusan pemerintahan')], max_length=20, verbose_name='bentuk inovasi'),
        ),
        migrations.AlterField(
            model_name='innovation',
            name='initiator',
            field=models.CharField(blank=True, choices=[('regional_head', 'Kepala Daerah'), ('dprd_member', 'Anggota DPRD'), ('opd', 'OPD'), ('asn', 'ASN'), ('community', 'Masyarakat')], max_length=20, verbose_name='inisiator'),
        ),
        migrations.AlterField(
            model_name='innovation',
            name='stage',
            field=models.CharField(blank=True, choices=[('initiative', 'Inisiatif'), ('trial', 'Uji coba'), ('implementation', 'Penerapan')], max_length=20, verbose_name='tahapan'),
        ),
        migrations.RunPython(english, indonesian),
    ]
