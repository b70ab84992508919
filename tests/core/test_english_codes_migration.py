"""The data migrations of issue #14 rename every stored Indonesian code to its English one: rows
written before the upgrade (given the old codes here) read as the new codes afterwards, in the
public schema, in each region's schema and in the recorded history, and can be taken back."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.utils import timezone
from django_tenants.utils import tenant_context

from rankings.models import IndexSnapshot, OfficialResult
from replication.notifications.models import NotificationSettings
from replication.requests.models import ReplicationRequest
from rubric.years import current_year
from tenants.history.models import Change
from tenants.innovations.models import Innovation
from tests.replication.helpers import published_entry

REQUESTS = importlib.import_module("replication.requests.migrations.0004_english_codes")
INNOVATIONS = importlib.import_module("tenants.innovations.migrations.0005_english_codes")
RANKINGS = importlib.import_module("rankings.migrations.0005_english_codes")
NOTIFICATIONS = importlib.import_module("replication.notifications.migrations.0003_english_codes")


def test_public_rows_written_with_old_codes_read_in_english(personas, region_a, region_b):
    from replication.requests.services import request_create
    from tests.replication.helpers import letter

    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    request = request_create(region=region_b, actor=personas.admin_b, entry=entry, letter=letter())
    ReplicationRequest.objects.filter(pk=request.pk).update(status="diajukan")
    request.events.update(to_status="diajukan")
    request.documents.update(kind="surat_minat")
    NotificationSettings.objects.create(user=personas.admin_a, email="harian")
    OfficialResult.objects.create(
        region=region_a,
        year=2024,
        predicate_code="inovatif",
        predicate_label="Inovatif",
        rank=3,
        rank_scope="dalam-provinsi",
        imported_at=timezone.now(),
    )
    from tenants.scoring.snapshot import refresh

    refresh(region_a, current_year())
    IndexSnapshot.objects.filter(region=region_a).update(by_stage={"uji_coba": 2})

    REQUESTS.english(apps, None)
    NOTIFICATIONS.english(apps, None)
    RANKINGS.english(apps, None)

    request.refresh_from_db()
    assert request.status == "submitted"
    assert {event.to_status for event in request.events.all()} == {"submitted"}
    assert {document.kind for document in request.documents.all()} == {"letter_of_interest"}
    assert NotificationSettings.objects.get(user=personas.admin_a).email == "daily"
    assert OfficialResult.objects.get(region=region_a, year=2024).rank_scope == "in_province"
    assert IndexSnapshot.objects.get(region=region_a).by_stage == {"trial": 2}

    REQUESTS.indonesian(apps, None)  # and back, for a rollback
    request.refresh_from_db()
    assert request.status == "diajukan"


def test_region_rows_and_their_history_read_in_english(personas, region_a):
    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    with tenant_context(region_a):
        Innovation.objects.filter(pk=entry.innovation_id).update(
            stage="uji_coba", initiator="kepala_daerah", form="tata_kelola"
        )
        change = Change.objects.create(
            subject=Change.Subject.INNOVATION,
            action="update",
            innovation_id=entry.innovation_id,
            year=current_year(),
            subject_id=entry.innovation_id,
            changes={"stage": ["inisiatif", "uji_coba"], "goals": ["a", "b"]},
        )
        INNOVATIONS.english(apps, None)
        innovation = Innovation.objects.get(pk=entry.innovation_id)
        assert (innovation.stage, innovation.initiator, innovation.form) == (
            "trial",
            "regional_head",
            "governance",
        )
        change.refresh_from_db()
        assert change.changes == {"stage": ["initiative", "trial"], "goals": ["a", "b"]}
