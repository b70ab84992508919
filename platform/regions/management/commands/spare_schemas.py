"""Region schemas made ahead of their activation (regions.spare_schemas).

    manage.py spare_schemas status        # how many are ready, how many are of an older template
    manage.py spare_schemas make 552      # before activating many regions at once
    manage.py spare_schemas drop          # all of them (they hold no one's data)

The periodic task `regions.keep_spare_schemas` keeps REGION_SPARE_SCHEMAS ready and drops the
ones a roll-out made stale; `make` adds to them for a larger activation.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from regions.schema_template import (
    TEMPLATE_SCHEMA,
    applied_tenant_migrations,
    migrations_fingerprint,
)
from regions.spare_schemas import count_spares, drop_spares, keep_spares

MAX_SPARES = 1000  # more than every region in the country: a typo, not a plan


class Command(BaseCommand):
    help = "Show, make or drop region schemas made ahead of their activation."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="How many spares are ready")
        make = sub.add_parser("make", help="Make spares until COUNT are ready")
        make.add_argument("count", type=int)
        sub.add_parser("drop", help="Drop every spare")

    def handle(self, *args, **options):
        started = time.perf_counter()
        action = options["action"]
        if action == "make":
            count = options["count"]
            if not 0 <= count <= MAX_SPARES:
                raise CommandError(f"COUNT must be between 0 and {MAX_SPARES}.")
            result = keep_spares(count)
        elif action == "drop":
            result = drop_spares()
        else:
            # The template's fingerprint as it stands: a status never rebuilds it.
            spares = count_spares(
                migrations_fingerprint(applied_tenant_migrations(TEMPLATE_SCHEMA))
            )
            self.stdout.write(
                f"{spares.current} spare schemas ready, {spares.stale} of an older template."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.made} made, {result.dropped} dropped, {result.ready} ready "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
