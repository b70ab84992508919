"""Serve a region at a custom domain too (besides <slug>.BASE_DOMAIN)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from regions.domains import add_custom_domain
from regions.models import Region


class Command(BaseCommand):
    help = "Add a custom domain to a region."

    def add_arguments(self, parser):
        parser.add_argument("region", help="Region slug or Kemendagri code")
        parser.add_argument("domain", help="Host name, e.g. inovasi.madina.go.id")

    def handle(self, *args, **options):
        region = Region.objects.filter(
            Q(slug=options["region"]) | Q(code=options["region"])
        ).first()
        if region is None:
            raise CommandError(f"No region with slug or code {options['region']!r}.")
        try:
            domain, created = add_custom_domain(region=region, hostname=options["domain"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        verb = "now serves" if created else "already served"
        self.stdout.write(self.style.SUCCESS(f"{region} {verb} at {domain.domain}."))
