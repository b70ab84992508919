"""Remove the demo official results (all years, or the ones given), so no generated figure stands
next to published ones. Real results are never touched."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from rankings.official import clear_demo_results


class Command(BaseCommand):
    help = "Delete the demo official results (all years, or --year Y, repeatable)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, action="append", help="only this year")

    def handle(self, *args, **options) -> None:
        removed = clear_demo_results(options["year"])
        self.stdout.write(f"{removed} demo results deleted.")
