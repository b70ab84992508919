"""Import official IID results (CSV or xlsx) from the command line: the same checks as the
page; every bad row is printed and nothing is saved."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.sheet_import import row_error_text
from rankings.official import import_official_results


class Command(BaseCommand):
    help = "Import the official published index per region and year from a CSV or xlsx file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the CSV or xlsx file")
        parser.add_argument(
            "--year", type=int, help="assessment year for rows without a tahun value"
        )
        parser.add_argument(
            "--source", default="", help="where the figures come from (default: the file name)"
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": path})
        with path.open("rb") as file:
            outcome = import_official_results(
                file,
                filename=path.name,
                year=options["year"],
                source=options["source"] or path.name,
                user=None,
            )
        if not outcome.ok:
            for error in outcome.errors:
                self.stderr.write(row_error_text(error))
            raise CommandError(
                _("Impor dibatalkan: %(n)d masalah, tidak ada data yang disimpan.")
                % {"n": len(outcome.errors)}
            )
        self.stdout.write(
            _(
                "%(rows)d baris dibaca: %(created)d hasil resmi baru, %(updated)d diperbarui (tahun %(years)s)."
            )
            % {
                "rows": outcome.rows,
                "created": outcome.created,
                "updated": outcome.updated,
                "years": ", ".join(str(year) for year in outcome.years),
            }
        )
