from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from core.models import AuditEvent
from regions import schema_template
from regions.activation import (
    ACTIVATED,
    ALREADY_ACTIVE,
    REACTIVATED,
    _activate_by_id,
    activate_region,
    activate_regions,
    deactivate_region,
)
from regions.models import Region
from regions.schema_template import TEMPLATE_SCHEMA, SchemaScript, schema_exists
from tenants.history.models import Change
from tenants.organization.models import OpdUnit
from tests.regions.catalog import schema_catalog


@pytest.fixture
def karo(db):
    region = Region.objects.get(slug="karo")
    assert not region.is_active and not schema_exists(region.schema_name)
    return region


def test_activation_creates_a_working_schema_and_an_audit_row(karo):
    assert activate_region(karo) == ACTIVATED
    assert karo.is_active and karo.activated_at is not None
    with tenant_context(karo):
        OpdUnit.objects.create(name="Dinas Pendidikan")
        assert OpdUnit.objects.count() == 1
    assert AuditEvent.objects.filter(region=karo, event_type="region.activated").exists()


def test_activation_is_idempotent(karo):
    first = activate_regions([karo])
    karo.refresh_from_db()
    second = activate_regions([karo])
    assert first.activated == ["karo"]
    assert second.changed == 0 and second.already_active == ["karo"]
    assert AuditEvent.objects.filter(region=karo, event_type="region.activated").count() == 1


def test_cloned_schema_equals_one_built_by_migrations(karo):
    activate_region(karo)
    # The template is built by running the real tenant migrations.
    assert schema_catalog(karo.schema_name) == schema_catalog(TEMPLATE_SCHEMA)
    assert schema_catalog(karo.schema_name)["migrations"], "django_migrations rows were copied"


def test_a_stale_template_is_rebuilt_before_cloning(karo):
    """After a deploy that adds a migration, the template lacks it: it must never be cloned."""
    with connection.cursor() as cursor:
        # Make the template look like it was built before history.0001 existed.
        cursor.execute(f'DROP TABLE "{TEMPLATE_SCHEMA}".history_change')
        cursor.execute(f"DELETE FROM \"{TEMPLATE_SCHEMA}\".django_migrations WHERE app = 'history'")
    assert not schema_template.template_is_current()

    activate_region(karo)

    assert schema_template.template_is_current()
    with tenant_context(karo):
        assert Change.objects.count() == 0  # the table exists in the new region
    assert ("history", "0001_initial") in schema_catalog(karo.schema_name)["migrations"]


def test_a_stale_template_is_not_dropped_while_a_schema_is_being_created_from_it(karo):
    """Another process creating a schema from the template holds its shared lock: the rebuild
    waits for it (it would drop the tables being copied), then finds the template still stale
    and rebuilds it."""
    import threading
    import time

    from tests.live import second_connection

    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{TEMPLATE_SCHEMA}".history_change')
        cursor.execute(f"DELETE FROM \"{TEMPLATE_SCHEMA}\".django_migrations WHERE app = 'history'")
    locked_while_cloning: list[int] = []

    def end_the_clone(other) -> None:
        # How many of the template's relations the rebuild has locked to drop them so far.
        locked_while_cloning.append(
            other.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND l.mode = 'AccessExclusiveLock' AND l.pid <> pg_backend_pid()",
                [TEMPLATE_SCHEMA],
            ).fetchone()[0]
        )
        other.execute("SELECT pg_advisory_unlock_shared(%s)", [schema_template.TEMPLATE_LOCK])

    with second_connection() as other:
        other.execute("SELECT pg_advisory_lock_shared(%s)", [schema_template.TEMPLATE_LOCK])
        release = threading.Timer(0.5, end_the_clone, [other])
        started = time.monotonic()
        release.start()
        try:
            schema_template.ensure_current_template()
        finally:
            release.join()
        waited = time.monotonic() - started
    assert waited >= 0.5  # it waited for the other's clone to end
    # ... before dropping anything: only the table this test dropped was locked (with its
    # index, sequence and TOAST relations), not the template's 200-odd relations.
    assert locked_while_cloning and locked_while_cloning[0] < 10
    assert schema_template.template_is_current()


def test_a_failure_midway_leaves_no_schema_and_no_flag(karo):
    broken = SchemaScript(
        schema_template.ensure_current_template().fingerprint,
        'CREATE SCHEMA "__lumbung_new_schema__"; CREATE TABLE oops (x nonexistent_type)',
        (),
    )
    with pytest.raises(Exception, match="nonexistent_type"):
        _activate_by_id(karo.pk, broken, None)
    karo.refresh_from_db()
    assert not karo.is_active
    assert not schema_exists(karo.schema_name)


def test_deactivation_keeps_every_row_and_reactivation_restores_it(region_a):
    with tenant_context(region_a):
        OpdUnit.objects.create(name="Dinas Perikanan")
    assert deactivate_region(region_a) is True
    assert not region_a.is_active
    assert schema_exists(region_a.schema_name)
    with tenant_context(region_a):
        assert OpdUnit.objects.filter(name="Dinas Perikanan").exists()
    assert deactivate_region(region_a) is False  # already inactive: nothing changes

    assert activate_region(region_a) == REACTIVATED
    with tenant_context(region_a):
        assert OpdUnit.objects.filter(name="Dinas Perikanan").exists()
    assert AuditEvent.objects.filter(region=region_a, event_type="region.reactivated").exists()


def test_activation_of_an_active_region_reports_already_active(region_a):
    assert activate_region(region_a) == ALREADY_ACTIVE


def test_activate_regions_command_reports_a_no_op(region_a, capsys):
    from django.core.management import call_command

    call_command("activate_regions", region_a.slug, "--no-progress")
    assert "Nothing to do" in capsys.readouterr().out


def test_activate_regions_command_activates_a_province_with_its_regencies(db, capsys):
    from django.core.management import call_command

    call_command("activate_regions", "--province", "75", "--no-progress")  # Gorontalo: 1 + 6
    assert Region.objects.filter(code__startswith="75", is_active=True).count() == 7
    assert "Activated 7" in capsys.readouterr().out


def test_migrate_schemas_skips_up_to_date_schemas(db):
    from regions.migration_executor import schemas_needing_migrations

    names = list(Region.objects.filter(is_active=True).values_list("schema_name", flat=True))
    assert schemas_needing_migrations([*names, "pemda_99_99"]) == []
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM \"{names[0]}\".django_migrations WHERE app = 'organization'")
    assert schemas_needing_migrations(names) == [names[0]]


def test_every_region_row_exists_from_the_start(db):
    assert Region.objects.count() == 552
    assert Region.objects.filter(kind="provinsi").count() == 38
    assert Region.objects.filter(kind="kabupaten").count() == 416
    assert Region.objects.filter(kind="kota").count() == 98
    madina = Region.objects.get(code="12.13")
    assert (madina.slug, madina.schema_name, madina.province.code) == (
        "mandailing-natal",
        "pemda_12_13",
        "12",
    )
    assert Region.objects.get(code="63").slug == "provinsi-kalimantan-selatan"
    assert Region.objects.get(name="Kota Banjar").slug == "kota-banjar"


def test_migrate_schemas_check_ignores_regions_without_a_schema(db):
    from django.core.management import call_command

    # Most of the 552 regions are not activated; --check must look only at existing schemas.
    call_command(
        "migrate_schemas", tenant=True, check_unapplied=True, interactive=False, verbosity=0
    )


def test_a_shared_migration_is_recorded_in_region_schemas_without_planning_them(region_a, capsys):
    from django.core.management import call_command

    schema = region_a.schema_name
    with connection.cursor() as cursor:
        cursor.execute(
            f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s',
            ["pipeline", "0001_initial"],
        )
    # As after deploying a shared app's new migration: the region schema lacks its record.
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=1)
    assert "0 migrated (0 migrations), 5 up to date, 0 failed" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT count(*) FROM "{schema}".django_migrations WHERE app = %s', ["pipeline"]
        )
        assert cursor.fetchone()[0] == 1
    call_command(
        "migrate_schemas", tenant=True, check_unapplied=True, interactive=False, verbosity=0
    )
