"""The catalog never diverges from the regions' data: every source change records the
`catalog.region` effect in its own transaction, the effect brings the region's entries equal to
its data (applied here with apply_effects, as the worker would after the commit), a change that
rolls back records nothing, and the rebuild proves it (and repairs what was tampered with)."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tenants.utils import tenant_context

from pipeline.models import PendingEffect
from replication.catalog.models import CatalogDocument, CatalogEntry
from replication.catalog.rebuild import rebuild_catalog
from tenants.assessment.models import Evidence
from tenants.assessment.services import evidence_review
from tenants.assessment.workflow import fire
from tenants.innovations.models import Innovation
from tenants.innovations.services import innovation_update
from tenants.publishing.services import add_document, publish, remove_document, unpublish
from tests.effects import apply_effects
from tests.registry.helpers import answer_with_pdf, current_report, pdf
from tests.replication.helpers import published_entry, verified_innovation


def assert_catalog_equals_sources() -> None:
    report = rebuild_catalog(check_only=True)
    assert not report.has_differences, report.lines()
    assert report.summary() == "Katalog sama dengan data daerah: tidak ada perbedaan"


def innovation_of(region, entry) -> Innovation:
    with tenant_context(region):
        return Innovation.objects.get(pk=entry.innovation_id)


def test_publishing_creates_an_entry_equal_to_the_source(personas, region_a):
    entry = published_entry(
        region_a,
        personas.admin_a,
        personas.opd_a,
        name="Posyandu Keliling",
        benefits="Balita di desa terpencil terlayani setiap bulan.",
    )
    assert entry.name == "Posyandu Keliling"
    assert entry.opd_name == "Dinas Kesehatan"
    assert entry.affair == "kesehatan" and entry.affair_name == "Kesehatan"
    assert entry.summary == "Balita di desa terpencil terlayani setiap bulan."
    assert entry.contact_email == "inovasi@daerah.test"
    assert entry.region_predicate  # the standing is written at publication
    assert_catalog_equals_sources()


def test_editing_profile_answers_and_evidence_keeps_the_entry_equal(personas, region_a):
    admin = personas.admin_a
    entry = published_entry(region_a, admin, personas.opd_a, name="Sepeda Sehat")
    innovation = innovation_of(region_a, entry)
    report = current_report(region_a, innovation)
    fire("reopen", region=region_a, actor=admin, report=report, reason="Perbaiki profil")

    innovation_update(
        region=region_a,
        actor=admin,
        innovation=innovation,
        data={"name": "Sepeda Sehat Desa", "is_digital": False, "affair": "pendidikan"},
    )
    apply_effects()
    entry.refresh_from_db()
    assert (entry.name, entry.is_digital) == ("Sepeda Sehat Desa", False)
    assert (entry.affair, entry.affair_name) == ("pendidikan", "Pendidikan")
    assert_catalog_equals_sources()

    before = entry.evidence_completeness
    answer_with_pdf(region_a, admin, report, "SID-17", 2)
    apply_effects()
    entry.refresh_from_db()
    assert entry.evidence_completeness > before
    assert_catalog_equals_sources()

    score_before = entry.score
    fire("submit", region=region_a, actor=admin, report=report)
    with tenant_context(region_a):
        evidence = Evidence.objects.get(answer__report=report, answer__indicator_code="SID-17")
    evidence_review(region=region_a, actor=admin, evidence=evidence, status="accepted")
    apply_effects()
    entry.refresh_from_db()
    assert entry.score > score_before
    assert_catalog_equals_sources()


def test_contact_and_documents_follow_the_publication(personas, region_a):
    admin = personas.admin_a
    entry = published_entry(region_a, admin, personas.opd_a, name="Mal Pelayanan Publik")
    innovation = innovation_of(region_a, entry)
    publish(
        region=region_a,
        actor=admin,
        innovation=innovation,
        data={"contact_name": "Ibu Sari", "contact_phone": "0511-123"},
    )
    apply_effects()
    entry.refresh_from_db()
    assert (entry.contact_name, entry.contact_phone) == ("Ibu Sari", "0511-123")

    document = add_document(
        region=region_a,
        actor=admin,
        innovation=innovation,
        kind="sop",
        title="SOP pelayanan",
        upload=pdf("sop.pdf"),
    )
    apply_effects()
    row = CatalogDocument.objects.get(entry=entry)
    assert (row.title, row.kind, row.source_id) == ("SOP pelayanan", "sop", document.pk)
    assert_catalog_equals_sources()

    remove_document(region=region_a, actor=admin, document=document)
    apply_effects()
    assert not CatalogDocument.objects.filter(entry=entry).exists()
    assert_catalog_equals_sources()


def test_unpublishing_removes_the_entry(personas, region_a):
    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    unpublish(region=region_a, actor=personas.admin_a, innovation=innovation_of(region_a, entry))
    assert CatalogEntry.objects.filter(pk=entry.pk).exists()  # until the effect is applied
    apply_effects()
    assert not CatalogEntry.objects.filter(pk=entry.pk).exists()
    assert_catalog_equals_sources()


def test_renaming_the_opd_reaches_the_catalog(personas, region_a):
    from tenants.organization.services import opd_unit_update

    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    opd_unit_update(
        region=region_a,
        actor=personas.admin_a,
        unit=personas.opd_a,
        data={"name": "Dinas Kesehatan, Pengendalian Penduduk dan KB"},
    )
    apply_effects()
    entry.refresh_from_db()
    assert entry.opd_name == "Dinas Kesehatan, Pengendalian Penduduk dan KB"
    assert_catalog_equals_sources()


def test_a_failed_source_change_leaves_the_catalog_unchanged(personas, region_a):
    admin = personas.admin_a
    entry = published_entry(region_a, admin, personas.opd_a, name="Kartu Sehat")
    innovation = innovation_of(region_a, entry)
    fire(
        "reopen",
        region=region_a,
        actor=admin,
        report=current_report(region_a, innovation),
        reason="Perbaiki nama",
    )
    apply_effects()
    with pytest.raises(RuntimeError), transaction.atomic():
        innovation_update(
            region=region_a, actor=admin, innovation=innovation, data={"name": "Kartu Sakti"}
        )
        # The effect is recorded inside the transaction...
        assert PendingEffect.objects.filter(effect="catalog.region", region=region_a).exists()
        raise RuntimeError("the surrounding work fails")
    # ...and rolls back with it: nothing to apply, the entry as it was.
    assert not PendingEffect.objects.exists()
    apply_effects()
    assert CatalogEntry.objects.get(pk=entry.pk).name == "Kartu Sehat"
    assert innovation_of(region_a, entry).name == "Kartu Sehat"
    assert_catalog_equals_sources()


def test_unpublishing_that_fails_keeps_the_entry(personas, region_a):
    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    with pytest.raises(RuntimeError), transaction.atomic():
        unpublish(
            region=region_a, actor=personas.admin_a, innovation=innovation_of(region_a, entry)
        )
        raise RuntimeError
    apply_effects()
    assert CatalogEntry.objects.filter(pk=entry.pk).exists()
    assert_catalog_equals_sources()


def test_rebuild_finds_and_repairs_tampered_missing_and_extra_entries(personas, region_a, region_b):
    kept = published_entry(region_a, personas.admin_a, personas.opd_a, name="Lapor Cepat")
    deleted = published_entry(region_a, personas.admin_a, personas.opd_a, name="Jemput Bola")
    add_document(
        region=region_a,
        actor=personas.admin_a,
        innovation=innovation_of(region_a, kept),
        kind="regulation",
        title="Perbup",
        upload=pdf(),
    )
    CatalogEntry.objects.filter(pk=kept.pk).update(name="Diubah tangan", replica_count=7)
    CatalogDocument.objects.filter(entry=kept).update(title="Lain")
    CatalogEntry.objects.filter(pk=deleted.pk).delete()
    stray = CatalogEntry.objects.get(pk=kept.pk)
    stray.pk, stray.public_id, stray.innovation_id = None, uuid.uuid4(), 999_999
    stray.save()  # an entry whose innovation does not exist (or is not published)
    stray.refresh_from_db()

    found = rebuild_catalog(check_only=True)
    assert found.has_differences and (found.missing, found.extra, found.changed) == (1, 1, 1)
    [difference] = found.differences
    assert difference.region_code == region_a.code
    assert difference.missing == [deleted.innovation_id]
    assert difference.extra == [999_999]
    # The name changed without its search vector: both are reported.
    assert difference.changed == {
        kept.innovation_id: ["name", "replica_count", "documents", "search_vector"]
    }
    assert CatalogEntry.objects.get(pk=kept.pk).name == "Diubah tangan"  # only checked

    fixed = rebuild_catalog()
    assert (fixed.missing, fixed.extra, fixed.changed) == (1, 1, 1)
    assert fixed.summary().startswith("Katalog diperbaiki")
    repaired = CatalogEntry.objects.get(pk=kept.pk)
    assert (repaired.name, repaired.replica_count) == ("Lapor Cepat", 0)
    assert CatalogDocument.objects.get(entry=repaired).title == "Perbup"
    assert CatalogEntry.objects.filter(region=region_a, name="Jemput Bola").exists()
    assert not CatalogEntry.objects.filter(innovation_id=999_999).exists()
    assert_catalog_equals_sources()


def test_rebuild_finds_a_stale_search_vector(personas, region_a):
    entry = published_entry(region_a, personas.admin_a, personas.opd_a, name="Sampah Jadi Emas")
    CatalogEntry.objects.filter(pk=entry.pk).update(search_vector=None)
    [difference] = rebuild_catalog(check_only=True).differences
    assert difference.changed == {entry.innovation_id: ["search_vector"]}
    rebuild_catalog()
    assert_catalog_equals_sources()


def test_entries_of_a_deactivated_region_are_extra(personas, region_a):
    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    region_a.__class__.objects.filter(pk=region_a.pk).update(is_active=False)
    report = rebuild_catalog(check_only=True)
    assert [item.extra for item in report.differences] == [[entry.innovation_id]]
    rebuild_catalog()
    assert not CatalogEntry.objects.filter(region=region_a).exists()


def test_rebuild_of_chosen_regions_only(personas, region_a, region_b):
    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    CatalogEntry.objects.filter(pk=entry.pk).update(opd_name="?")
    assert not rebuild_catalog([region_b], check_only=True).has_differences
    report = rebuild_catalog([region_a], check_only=True)
    assert report.regions == 1 and report.changed == 1


def test_rebuild_command_check_exit_code_and_repair(personas, region_a):
    entry = published_entry(region_a, personas.admin_a, personas.opd_a, name="Sigap Banjir")
    out = io.StringIO()
    call_command("rebuild_catalog", "--check", "--no-progress", stdout=out)
    assert "Katalog sama dengan data daerah: tidak ada perbedaan" in out.getvalue()

    CatalogEntry.objects.filter(pk=entry.pk).update(score=0, stage="initiative")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("rebuild_catalog", "--check", "--no-progress", stdout=out)
    assert exited.value.code == 1
    text = out.getvalue()
    assert f"inovasi #{entry.innovation_id} berbeda pada stage, score" in text
    assert "0 entri hilang, 0 entri berlebih, 1 entri berbeda" in text

    out = io.StringIO()
    call_command("rebuild_catalog", "--region", region_a.slug, "--no-progress", stdout=out)
    assert "Katalog diperbaiki" in out.getvalue()
    call_command("rebuild_catalog", "--check", "--no-progress", stdout=io.StringIO())


def test_unpublished_verified_innovations_are_not_in_the_catalog(personas, region_a):
    innovation = verified_innovation(region_a, personas.admin_a, personas.opd_a, name="Rahasia")
    assert not CatalogEntry.objects.filter(region=region_a, innovation_id=innovation.pk).exists()
    assert_catalog_equals_sources()
