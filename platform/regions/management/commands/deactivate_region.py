"""Close a region's site. Its schema and data are kept; activating it again restores access."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from regions.activation import deactivate_region
from regions.models import Region


class Command(BaseCommand):
    help = "Deactivate a region (its data is kept)."

    def add_arguments(self, parser):
        parser.add_argument("region", help="Region slug or Kemendagri code")

    def handle(self, *args, **options):
        region = Region.objects.filter(
            Q(slug=options["region"]) | Q(code=options["region"])
        ).first()
        if region is None:
            raise CommandError(f"No region with slug or code {options['region']!r}.")
        if deactivate_region(region):
            self.stdout.write(
                self.style.SUCCESS(
                    f"{region} deactivated; schema {region.schema_name} and its data are kept."
                )
            )
        else:
            self.stdout.write(f"{region} was not active; nothing changed.")
