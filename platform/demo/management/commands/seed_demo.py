from django.core.management.base import BaseCommand

from demo.services import seed_demo


class Command(BaseCommand):
    help = "Load the demo regions, users, OPDs, innovations and replication network (idempotent)."

    def handle(self, *args, **options):
        report = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {report.regions_activated} regions activated, {report.users_created} users "
                f"and {report.memberships_created} memberships created, {report.opd_units_added} OPD units added, "
                f"{report.innovations_created} innovations with {report.evidence_added} evidence items added, "
                f"{report.publications_created} innovations published and "
                f"{report.requests_created} replication requests made."
            )
        )
        for note in report.skipped:
            self.stdout.write(self.style.WARNING(f"Skipped: {note}"))
