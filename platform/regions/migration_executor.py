"""migrate_schemas' executor: region schemas go through the roll-out (regions.rollout).

Whichever executor is named (`--executor standard` or `multiprocessing`), region schemas are
migrated the same way: the template first, schemas grouped by state and planned once, plain-SQL
migrations replayed over a small pool of long-lived connections, and one region's failure
recorded without stopping the others. The public schema, and the options that target one
migration or only look (`--fake`, `--plan`, `--check`, …), keep django-tenants' behaviour.
"""

from __future__ import annotations

import functools
import sys

from django.conf import settings
from django.core.management.base import CommandError
from django_tenants.migration_executors import get_executor as stock_get_executor
from django_tenants.utils import get_public_schema_name

from regions import schema_versions
from regions.rollout import Progress, TemplateMigrationFailed, roll_out
from regions.schema_template import TEMPLATE_SCHEMA, expected_tenant_migrations

# Options under which the stock behaviour must be kept untouched (targeting one migration,
# faking, planning, checking, pruning).
_STOCK_ONLY_OPTIONS = (
    "app_label",
    "migration_name",
    "fake",
    "fake_initial",
    "plan",
    "check_unapplied",
    "prune",
)


@functools.cache
def get_executor(codename: str | None = None) -> type:
    stock = stock_get_executor(codename)

    # The base is django-tenants' executor for `codename`, chosen at run time: mypy only takes
    # classes it can name as bases.
    class RolloutExecutor(stock):  # type: ignore[valid-type, misc]
        def run_migrations(self, tenants=None):
            tenants = list(tenants or [])
            public = get_public_schema_name()
            if tenants == [public]:
                return super().run_migrations(tenants=tenants)
            if any(self.options.get(opt) for opt in _STOCK_ONLY_OPTIONS):
                # Stock behaviour, but only over schemas that exist: regions that were never
                # activated have none.
                return super().run_migrations(tenants=existing_schemas(tenants))
            if len(tenants) > 1 and TEMPLATE_SCHEMA not in tenants:
                tenants.insert(0, TEMPLATE_SCHEMA)
            return run_rollout(tenants, verbosity=int(self.options.get("verbosity", 1)))

    RolloutExecutor.__name__ = f"Rollout{stock.__name__}"
    return RolloutExecutor


def run_rollout(schema_names: list[str], *, verbosity: int = 1, replay: bool = True) -> None:
    """Roll out, printing progress with an ETA and a summary. Region failures are reported and
    recorded, and do not fail the command: those regions are served the "pembaruan sedang
    berlangsung" page until `manage.py region_schemas retry` succeeds for them. A failure on
    the template (a broken migration) fails the command before any region is touched."""
    out = sys.stdout
    last_print = [0.0]

    def progress(state: Progress) -> None:
        if verbosity < 1 or (state.elapsed - last_print[0] < 2 and state.done < state.total):
            return
        last_print[0] = state.elapsed
        eta = (
            f", ETA {state.eta:.0f} s" if state.eta is not None and state.done < state.total else ""
        )
        out.write(
            f"  {state.done}/{state.total} schemas migrated, {state.failed} failed, "
            f"{state.elapsed:.1f} s{eta}\n"
        )
        out.flush()

    workers = settings.ROLLOUT_WORKERS
    try:
        report = roll_out(schema_names, workers=workers, replay=replay, progress=progress)
    except TemplateMigrationFailed as exc:
        raise CommandError(
            f"The template schema failed to migrate ({exc}); no region schema was touched. "
            "Fix the migration and run migrate_schemas again."
        ) from exc
    if verbosity >= 1:
        out.write(
            f"Region schemas: {len(report.migrated)} migrated ({report.steps} migrations), "
            f"{report.up_to_date} up to date, {len(report.failed)} failed, "
            f"in {report.seconds:.1f} s.\n"
        )
    if report.failed:
        out.write(
            f"{len(report.failed)} schema(s) failed and are served the maintenance page until "
            "`manage.py region_schemas retry` succeeds:\n"
        )
        for name, failure in sorted(report.failed.items()):
            out.write(f"  {name}: {failure}\n")
        out.flush()


def existing_schemas(schema_names: list[str]) -> list[str]:
    present = schema_versions.existing_schemas(schema_names)
    return [name for name in schema_names if name in present]


def schemas_needing_migrations(schema_names: list[str]) -> list[str]:
    """The existing schemas among `schema_names` that miss at least one tenant migration."""
    needed = {schema_versions.key(m) for m in expected_tenant_migrations()}
    applied = schema_versions.applied_by_schema(schema_names)
    return [name for name in schema_names if name in applied and not needed <= applied[name]]
