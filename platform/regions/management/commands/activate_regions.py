"""Activate (onboard) regions: create their schemas from the current template.

    manage.py activate_regions mandailing-natal 12.13       # by slug or code
    manage.py activate_regions --province 63                # a province and its kab/kota
    manage.py activate_regions --all --jobs 2               # all 552

Re-running changes nothing and says so.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from regions.activation import ALREADY_ACTIVE, activate_regions
from regions.models import Region


class Command(BaseCommand):
    help = "Activate regions (create their schemas). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("regions", nargs="*", help="Region slugs or Kemendagri codes")
        parser.add_argument("--all", action="store_true", help="All 552 regions")
        parser.add_argument("--province", help="A province code: the province and all its kab/kota")
        parser.add_argument(
            "--jobs", type=int, default=1, help="Parallel worker processes (default 1)"
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args, **options):
        regions = self._select(options)
        total = len(regions)
        already = sum(region.is_active for region in regions)
        if already == total:
            self.stdout.write(f"Nothing to do: all {total} selected regions are already active.")
            return

        bar = tqdm(
            total=total,
            unit="region",
            file=sys.stderr,
            disable=options["no_progress"],
            desc="Activating",
        )

        def progress(slug: str, outcome: str) -> None:
            bar.update(1)
            if outcome != ALREADY_ACTIVE:
                bar.set_postfix_str(slug, refresh=False)

        report = activate_regions(regions, jobs=max(1, options["jobs"]), progress=progress)
        bar.close()
        per_region = report.seconds / report.changed if report.changed else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"Activated {len(report.activated)}, reactivated {len(report.reactivated)}, "
                f"already active {len(report.already_active)} "
                f"in {report.seconds:.1f} s ({per_region * 1000:.0f} ms per region, "
                f"method: {report.method}, {report.from_spares} from spare schemas)."
            )
        )

    def _select(self, options) -> list[Region]:
        queryset = Region.objects.order_by("code")
        if options["all"]:
            return list(queryset)
        selected: list[Region] = []
        if options["province"]:
            code = options["province"]
            selected += list(queryset.filter(Q(code=code) | Q(province__code=code)))
            if not selected:
                raise CommandError(f"No province with code {code!r}.")
        for key in options["regions"]:
            region = queryset.filter(Q(slug=key) | Q(code=key)).first()
            if region is None:
                raise CommandError(f"No region with slug or code {key!r}.")
            selected.append(region)
        if not selected:
            raise CommandError("Name regions by slug or code, or use --province CODE or --all.")
        unique = {region.pk: region for region in selected}
        return list(unique.values())
