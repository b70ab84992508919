from django.core.management.base import BaseCommand

from demo.services import seed_demo


class Command(BaseCommand):
    help = "Load the demo regions, users, OPDs and innovations (idempotent)."

    def handle(self, *args, **options):
        report = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {report.regions_activated} regions activated, {report.users_created} users "
                f"and {report.memberships_created} memberships created, {report.opd_units_added} OPD units added, "
                f"{report.innovations_created} innovations with {report.evidence_added} evidence items added."
            )
        )
