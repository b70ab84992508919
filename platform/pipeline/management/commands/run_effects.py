"""Apply recorded effects by hand, or show what waits.

manage.py run_effects            # apply what is due now (what a worker's sweep does)
manage.py run_effects --all      # apply everything, also what waits for its debounce
manage.py run_effects --status   # only show the backlog per effect
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from pipeline.runner import drain, run_due
from pipeline.selectors import backlog, by_effect


class Command(BaseCommand):
    help = "Apply pending effects (catalog, snapshots, notifications, e-mails) or show them."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="also effects not due yet")
        parser.add_argument("--status", action="store_true", help="show the backlog only")

    def handle(self, *args, **options):
        if not options["status"]:
            report = drain() if options["all"] else run_due(budget_seconds=3600)
            self.stdout.write(
                f"applied {report.applied}, failed {report.failed}, busy elsewhere {report.busy}"
                f" in {report.seconds:.1f} s"
            )
        figures = backlog()
        self.stdout.write(
            f"pending {figures.pending}, overdue {figures.overdue}, failing {figures.failing}"
        )
        for row in by_effect():
            self.stdout.write(
                f"  {row['effect']}: {row['rows']} rows, {row['failing']} failing, "
                f"first due {row['first_due']:%Y-%m-%d %H:%M:%S}"
            )
