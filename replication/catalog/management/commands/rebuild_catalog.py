"""Rebuild the national catalog from every active region's data and report what differed.

    manage.py rebuild_catalog                    # compare and repair every active region
    manage.py rebuild_catalog --check            # compare only; exit code 1 if anything differs
    manage.py rebuild_catalog --region banjar 63.03 --no-progress

The entries are normally kept equal to their sources in the same transaction as every change;
this command is the proof (--check, e.g. nightly) and the repair.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from tqdm import tqdm

from regions.models import Region
from replication.catalog.rebuild import rebuild_catalog


class Command(BaseCommand):
    help = "Rebuild the replication catalog from all regions and report differences."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only compare; exit code 1 on differences"
        )
        parser.add_argument(
            "--region",
            nargs="+",
            default=[],
            metavar="SLUG_OR_CODE",
            help="Only these regions (slug or Kemendagri code)",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args, **options):
        regions = self._select(options["region"]) if options["region"] else None
        total = (
            len(regions) if regions is not None else Region.objects.filter(is_active=True).count()
        )
        bar = tqdm(
            total=total,
            unit="region",
            file=sys.stderr,
            disable=options["no_progress"],
            desc="Katalog",
        )

        def progress(region: Region) -> None:
            bar.update(1)
            bar.set_postfix_str(region.slug, refresh=False)

        report = rebuild_catalog(regions, check_only=options["check"], progress=progress)
        bar.close()
        for line in report.lines():
            self.stdout.write(line)
        summary = (
            f"{report.summary()} ({report.regions} daerah, {report.entries} entri, "
            f"{report.seconds:.1f} s)."
        )
        if report.has_differences:
            self.stdout.write(self.style.WARNING(summary))
        else:
            self.stdout.write(self.style.SUCCESS(summary))
        if options["check"] and report.has_differences:
            sys.exit(1)

    def _select(self, keys: list[str]) -> list[Region]:
        selected = {}
        for key in keys:
            region = Region.objects.filter(Q(slug=key) | Q(code=key)).first()
            if region is None:
                raise CommandError(f"Tidak ada daerah dengan slug atau kode {key!r}.")
            selected[region.pk] = region
        return list(selected.values())
