from django.core.management.base import BaseCommand

from lumbung.demo.rankings import seed_rankings
from lumbung.demo.services import seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo regions, users, OPDs, innovations, replication network and rankings "
        "(idempotent)."
    )

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
        # After the innovations and the replication network: the estimates they give, and the
        # made-up official results of earlier years the rankings and trends compare them with.
        rankings = seed_rankings()
        years = ", ".join(str(year) for year in rankings.years)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rankings ready: {rankings.snapshots} index snapshots refreshed, "
                f"{rankings.official_results} demo official results written ({years})."
            )
        )
        for note in report.skipped + rankings.skipped:
            self.stdout.write(self.style.WARNING(f"Skipped: {note}"))
