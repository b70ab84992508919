"""Check that the migrations not yet released keep the previous release's code working.

    manage.py check_rollout_safety                  # exit status 1 if one would break it
    manage.py check_rollout_safety --mark-released  # when cutting a release

See regions.migration_safety and docs/upgrades.md.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from regions.migration_safety import unreleased_findings, write_released


class Command(BaseCommand):
    help = "Flag unreleased migrations that the previous release's code could not run on."

    def add_arguments(self, parser):
        parser.add_argument(
            "--mark-released",
            action="store_true",
            help="Record every migration in the code as released (deploy/released-migrations.txt)",
        )

    def handle(self, *args, **options):
        if options["mark_released"]:
            count = write_released()
            self.stdout.write(f"{count} migrations recorded as released.")
            return
        findings = unreleased_findings()
        for finding in findings:
            style = self.style.ERROR if finding.breaking else self.style.WARNING
            self.stdout.write(style(str(finding)))
        breaking = [finding for finding in findings if finding.breaking]
        if breaking:
            raise CommandError(
                f"{len(breaking)} finding(s) would break the previous release during a roll-out. "
                "Split the change (expand now, contract in a later release: docs/upgrades.md), "
                "or mark a reviewed contracting migration with `contract = True`."
            )
        self.stdout.write(self.style.SUCCESS("Every unreleased migration is safe to roll out."))
