"""Recompute the index snapshots of active regions (all, or the ones named)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from regions.models import Region
from rubric.years import available_years, current_year
from tenants.scoring.snapshot import refresh


class Command(BaseCommand):
    help = "Recompute the index snapshots of active regions for one assessment year."

    def add_arguments(self, parser) -> None:
        parser.add_argument("regions", nargs="*", help="slugs or Kemendagri codes (default: all)")
        parser.add_argument("--year", type=int, help="assessment year (default: the current one)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options) -> None:
        year = options["year"] or current_year()
        if year not in available_years():
            raise CommandError(_("Tidak ada rubrik untuk tahun %(year)d.") % {"year": year})
        regions = Region.objects.filter(is_active=True).order_by("code")
        if options["regions"]:
            wanted = options["regions"]
            regions = regions.filter(slug__in=wanted) | regions.filter(code__in=wanted)
        regions = list(regions)
        started = time.perf_counter()
        failed = []
        for region in tqdm(regions, disable=options["no_progress"], unit="daerah"):
            try:
                # An operator's refresh also puts the standing on the catalog entries again.
                refresh(region, year, catalog=True)
            except Exception as exc:  # one region's failure keeps its previous snapshot
                failed.append(f"{region.slug}: {exc}")
        seconds = time.perf_counter() - started
        self.stdout.write(
            _("%(n)d snapshot tahun %(year)d dihitung dalam %(s).1f detik.")
            % {"n": len(regions) - len(failed), "year": year, "s": seconds}
        )
        for line in failed:
            self.stderr.write(_("Gagal: %(line)s (snapshot sebelumnya tetap)") % {"line": line})
        if failed:
            raise CommandError(_("%(n)d daerah gagal dihitung.") % {"n": len(failed)})
