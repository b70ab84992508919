"""Where every region schema stands in the migrations, and retrying the ones that failed.

    manage.py region_schemas status            # regions per migration state, failures with errors
    manage.py region_schemas retry             # migrate every schema that is behind again
    manage.py region_schemas retry --careful   # through Django per schema, no SQL replay

A region whose schema is behind the running code is served the "pembaruan sedang berlangsung"
page (503) until it is migrated. See docs/upgrades.md.
"""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand

from regions import schema_versions
from regions.migration_executor import run_rollout
from regions.models import Region, SchemaState


class Command(BaseCommand):
    help = "List region schemas per migration state; retry the failed and lagging ones."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Regions per migration state, failures with their errors")
        retry = sub.add_parser("retry", help="Migrate every schema that is behind again")
        retry.add_argument(
            "--careful",
            action="store_true",
            help="Apply every migration through Django per schema instead of replaying SQL",
        )

    def handle(self, *args, **options):
        if options["action"] == "retry":
            names = schema_versions.region_schema_names()
            run_rollout(names, verbosity=options["verbosity"], replay=not options["careful"])
        self._status()

    def _status(self) -> None:
        names = schema_versions.region_schema_names()
        applied = schema_versions.refresh(names)
        needed = schema_versions.needed_keys()
        active = set(Region.objects.filter(is_active=True).values_list("schema_name", flat=True))
        states: Counter[str] = Counter()
        for migrations in applied.values():
            missing = sorted(needed - migrations)
            label = (
                "current"
                if not missing
                else f"behind: lacks {', '.join(missing[:3])}"
                + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            )
            states[label] += 1
        self.stdout.write(
            f"{len(applied)} schemas ({len(active)} active regions, the template and "
            f"{len(applied) - len(active & set(applied)) - 1} inactive regions):"
        )
        for label, count in states.most_common():
            self.stdout.write(f"  {count:4}  {label}")
        failed = SchemaState.objects.exclude(failed_migration="").order_by("schema_name")
        if failed:
            self.stdout.write(self.style.ERROR(f"{failed.count()} failed:"))
            for state in failed:
                when = state.failed_at.isoformat(timespec="seconds") if state.failed_at else ""
                self.stdout.write(
                    f"  {state.schema_name}: {state.failed_migration} at {when}: {state.error}"
                )
        else:
            self.stdout.write(self.style.SUCCESS("No failed schema."))
