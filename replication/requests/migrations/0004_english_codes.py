"""Stored codes in English (issue #14): request statuses, agreement kinds and document kinds.
The labels stay Indonesian; old API values are listed in docs/changelog.md."""

from django.conf import settings
from django.db import migrations, models


STATUS = {'diajukan': 'submitted', 'diterima': 'accepted', 'ditolak': 'declined', 'kunjungan_dijadwalkan': 'visit_scheduled', 'kunjungan_dicatat': 'visit_recorded', 'kunjungan_selesai': 'visit_done', 'kesepakatan_dicatat': 'agreement_recorded', 'kesepakatan': 'agreement', 'implementasi': 'implementation', 'selesai': 'completed', 'dibatalkan': 'cancelled', 'kedaluwarsa': 'expired'}
AGREEMENT_KIND = {'surat': 'letter', 'komitmen': 'commitment'}
DOCUMENT_KIND = {'surat_minat': 'letter_of_interest', 'notulen': 'visit_minutes', 'foto': 'visit_photo', 'kesepakatan': 'agreement', 'lainnya': 'other'}


def _rename(model, field: str, codes: dict[str, str]) -> None:
    for old, new in codes.items():
        model.objects.filter(**{field: old}).update(**{field: new})


def _reverse(codes: dict[str, str]) -> dict[str, str]:
    return {new: old for old, new in codes.items()}


def english(apps, schema_editor, forward: bool = True) -> None:
    def codes(mapping):
        return mapping if forward else _reverse(mapping)

    request = apps.get_model("replication_requests", "ReplicationRequest")
    event = apps.get_model("replication_requests", "RequestEvent")
    document = apps.get_model("replication_requests", "RequestDocument")
    _rename(request, "status", codes(STATUS))
    _rename(request, "agreement_kind", codes(AGREEMENT_KIND))
    _rename(event, "from_status", codes(STATUS))
    _rename(event, "to_status", codes(STATUS))
    _rename(document, "kind", codes(DOCUMENT_KIND))


def indonesian(apps, schema_editor) -> None:
    english(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0004_most_replicated_index'),
        ('regions', '0003_autonomous_regions'),
        ('replication_requests', '0003_both_sides_confirm'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='replicationrequest',
            name='one_open_request_per_innovation',
        ),
        migrations.AlterField(
            model_name='replicationrequest',
            name='agreement_kind',
            field=models.CharField(blank=True, choices=[('pks', 'Perjanjian Kerja Sama (PKS)'), ('mou', 'Nota Kesepahaman (MoU)'), ('letter', 'Surat resmi / surat pernyataan'), ('commitment', 'Surat komitmen replikasi')], max_length=10, verbose_name='jenis kesepakatan'),
        ),
        migrations.AlterField(
            model_name='replicationrequest',
            name='status',
            field=models.CharField(choices=[('submitted', 'Diajukan'), ('accepted', 'Diterima'), ('declined', 'Ditolak'), ('visit_scheduled', 'Kunjungan dijadwalkan'), ('visit_recorded', 'Kunjungan menunggu konfirmasi'), ('visit_done', 'Kunjungan selesai'), ('agreement_recorded', 'Kesepakatan menunggu konfirmasi'), ('agreement', 'Kesepakatan'), ('implementation', 'Implementasi'), ('completed', 'Selesai'), ('cancelled', 'Dibatalkan'), ('expired', 'Kedaluwarsa')], default='submitted', max_length=24, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='requestdocument',
            name='kind',
            field=models.CharField(choices=[('letter_of_interest', 'Surat permohonan/minat'), ('visit_minutes', 'Notulen kunjungan'), ('visit_photo', 'Foto kunjungan'), ('agreement', 'Dokumen kesepakatan'), ('other', 'Lainnya')], max_length=24, verbose_name='jenis'),
        ),
        migrations.RunPython(english, indonesian),
        migrations.AddConstraint(
            model_name='replicationrequest',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['declined', 'completed', 'cancelled', 'expired']), _negated=True), fields=('requester', 'origin', 'origin_innovation_id'), name='one_open_request_per_innovation'),
        ),
    ]
