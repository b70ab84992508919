from django.core.management.base import BaseCommand, CommandError

from rubric.loader import RubricDataError, sync_all


class Command(BaseCommand):
    help = "Load or update the IID rubric years and the urusan list from platform/rubric/data/."

    def handle(self, *args, **options):
        try:
            report = sync_all()
        except RubricDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Rubrics: created {report.years_created or 'none'}, updated {report.years_updated or 'none'}; "
                f"{report.affairs} government affairs."
            )
        )
