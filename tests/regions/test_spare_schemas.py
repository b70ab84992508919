"""Region schemas made ahead of their activation: an activation renames a spare of the current
template into the region's schema, never one of an older template, never one another activation
holds, and gives it back when it fails."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from regions.activation import ACTIVATED, activate_region, activate_regions
from regions.models import Region
from regions.schema_template import (
    TEMPLATE_SCHEMA,
    TemplateChanged,
    ensure_current_template,
    schema_exists,
)
from regions.spare_schemas import (
    KEEPER_LOCK,
    SPARE_LOCK_CLASS,
    SPARE_PREFIX,
    count_spares,
    drop_spares,
    keep_spares,
    spare_prefix,
    take_spare,
)
from tenants.organization.models import OpdUnit
from tests.live import second_connection
from tests.regions.catalog import schema_catalog


def spares() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY 1",
            [SPARE_PREFIX],
        )
        return [name for (name,) in cursor.fetchall()]


@pytest.fixture
def karo(db):
    region = Region.objects.get(slug="karo")
    assert not region.is_active and not schema_exists(region.schema_name)
    assert spares() == []
    return region


def test_an_activation_renames_a_ready_spare_into_a_schema_equal_to_the_template(karo):
    assert keep_spares(2).made == 2
    before = spares()

    report = activate_regions([karo])

    assert report.activated == ["karo"] and report.from_spares == 1
    assert len(spares()) == 1 and spares()[0] in before  # one of the two was used
    assert schema_catalog(karo.schema_name) == schema_catalog(TEMPLATE_SCHEMA)
    with tenant_context(karo):
        OpdUnit.objects.create(name="Dinas Kesehatan")
        assert OpdUnit.objects.count() == 1


def test_without_a_spare_the_schema_is_created_as_before(karo):
    report = activate_regions([karo])
    assert report.activated == ["karo"] and report.from_spares == 0
    assert schema_catalog(karo.schema_name) == schema_catalog(TEMPLATE_SCHEMA)


def test_a_spare_of_an_older_template_is_never_taken_and_the_keeper_replaces_it(karo):
    keep_spares(1)
    (made,) = spares()
    old = f"{SPARE_PREFIX}0123456789abcdef_old"
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER SCHEMA "{made}" RENAME TO "{old}"')
    fingerprint = ensure_current_template().fingerprint
    assert count_spares(fingerprint).current == 0 and count_spares(fingerprint).stale == 1

    assert activate_regions([karo]).from_spares == 0
    assert spares() == [old]

    kept = keep_spares(1)
    assert (kept.made, kept.dropped, kept.ready) == (1, 1, 1)
    assert spares()[0].startswith(spare_prefix(fingerprint))


def test_a_spare_another_activation_holds_is_skipped(karo):
    keep_spares(2)
    first, second = spares()
    with second_connection() as other:
        other.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [SPARE_LOCK_CLASS, first])
        assert activate_region(karo) == ACTIVATED
        other.rollback()
    assert spares() == [first]  # the held one is left; the other became the region's
    assert second not in spares() and schema_exists(karo.schema_name)


def test_a_failed_activation_gives_its_spare_back(karo):
    keep_spares(1)
    (spare,) = spares()
    script = ensure_current_template()
    with pytest.raises(RuntimeError), transaction.atomic():
        assert take_spare(karo.schema_name, script)
        assert schema_exists(karo.schema_name) and spares() == []
        raise RuntimeError("the activation failed after taking the spare")
    assert spares() == [spare] and not schema_exists(karo.schema_name)


def test_a_spare_is_not_taken_for_a_script_of_another_template(karo):
    keep_spares(1)
    old_script = ensure_current_template()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM \"{TEMPLATE_SCHEMA}\".django_migrations WHERE app = 'history'")
    with pytest.raises(TemplateChanged), transaction.atomic():
        take_spare(karo.schema_name, old_script)
    assert not schema_exists(karo.schema_name)


def test_the_keeper_tops_up_keeps_a_surplus_and_drop_removes_all(karo):
    assert keep_spares(2).made == 2
    assert keep_spares(1) == keep_spares(0)  # more than asked are kept: nothing made, dropped
    assert keep_spares(1).ready == 2
    assert drop_spares().dropped == 2 and spares() == []


def test_a_second_keeper_returns_at_once(karo):
    with second_connection() as other:
        other.execute("SELECT pg_advisory_lock(%s)", [KEEPER_LOCK])
        kept = keep_spares(3)
        other.execute("SELECT pg_advisory_unlock(%s)", [KEEPER_LOCK])
    assert (kept.made, kept.ready) == (0, 0) and spares() == []


def test_the_command_makes_shows_and_drops_spares(karo, capsys):
    call_command("spare_schemas", "make", "2")
    assert "2 made, 0 dropped, 2 ready" in capsys.readouterr().out
    call_command("spare_schemas", "status")
    assert "2 spare schemas ready, 0 of an older template" in capsys.readouterr().out
    call_command("spare_schemas", "drop")
    assert "0 made, 2 dropped, 0 ready" in capsys.readouterr().out
    with pytest.raises(CommandError, match="between 0 and 1000"):
        call_command("spare_schemas", "make", "5000")
    assert spares() == []


def test_beat_keeps_the_configured_spares_and_tests_keep_none():
    entry = settings.CELERY_BEAT_SCHEDULE["keep-spare-region-schemas"]
    assert entry["task"] == "regions.keep_spare_schemas"
    assert settings.REGION_SPARE_SCHEMAS == 0  # no spare appears in the test database by itself


def test_the_periodic_task_tops_up_to_the_setting(karo, settings):
    from regions.tasks import keep_spare_schemas

    settings.REGION_SPARE_SCHEMAS = 2
    assert keep_spare_schemas() == {"made": 2, "dropped": 0, "ready": 2}
    assert keep_spare_schemas() == {"made": 0, "dropped": 0, "ready": 2}
    assert len(spares()) == 2


def test_no_spare_is_made_when_the_template_cannot_be_scripted(karo):
    """A template holding an object the script generator does not reproduce (here a function):
    activation falls back to running the migrations, and the keeper makes nothing."""
    from regions import schema_template
    from regions.spare_schemas import KeptSpares

    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE FUNCTION "{TEMPLATE_SCHEMA}".answer() RETURNS int LANGUAGE sql AS $$ SELECT 42 $$'
        )
    schema_template._script_cache.clear()  # read the template's catalog again
    try:
        assert keep_spares(2) == KeptSpares(0, 0, 0)
        assert spares() == []
    finally:
        schema_template._script_cache.clear()  # the function goes with the test's transaction
