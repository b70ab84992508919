"""A ranking table as CSV or xlsx: the same rows and columns the page shows to this viewer,
written by core.tables (the CSV for Excel with Indonesian settings)."""

from __future__ import annotations

import io
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from core.figure_kinds import ESTIMATE, FIGURE_KINDS, VERIFIED
from core.tables import CSV_DATETIME, Sheet, with_zone, write_csv, write_xlsx, zone_name
from rankings.selectors import Basis, Level, Ranking, RankingRow


def headers(ranking: Ranking) -> list[str]:
    columns = [
        _("Peringkat"),
        _("Kode"),
        _("Daerah"),
        _("Provinsi"),
        _("Indeks"),
        _("Predikat"),
        # The same names as on the pages (core.figure_kinds).
        str(FIGURE_KINDS[ESTIMATE if ranking.private else VERIFIED].label),
        _("Indeks resmi"),
        _("Predikat resmi"),
        _("Hasil resmi: data demo"),
        _("Perubahan sejak tahun lalu"),
        _("Jumlah inovasi") if ranking.private else _("Inovasi terverifikasi"),
    ]
    if ranking.private:
        columns.append(_("Kelengkapan bukti (%)"))
    columns += [_("Replikasi diberikan"), _("Replikasi diterima"), with_zone(_("Dihitung pada"))]
    return columns


def values(ranking: Ranking, row: RankingRow) -> list[object]:
    cells: list[object] = [
        row.rank,
        row.code,
        row.name,
        row.province_name,
        row.index,
        row.predicate_label,
        row.estimate,
        row.official,
        row.official_predicate_label,
        _("ya (bukan hasil resmi)") if row.official_demo else "",
        row.change,
        row.innovations,
    ]
    if ranking.private:
        cells.append(None if row.evidence_completeness is None else row.evidence_completeness * 100)
    cells += [
        row.replications_given,
        row.replications_received,
        row.computed_at,  # the writer shows it on the local clock
    ]
    return cells


def title(ranking: Ranking) -> str:
    scope = ranking.province.display_name if ranking.province else _("Nasional")
    return _("Peringkat %(level)s %(scope)s %(year)d") % {
        "level": dict(Level.CHOICES)[ranking.level],
        "scope": scope,
        "year": ranking.year,
    }


def filename(ranking: Ranking, extension: str) -> str:
    scope = ranking.province.slug if ranking.province else "nasional"
    return f"peringkat-{ranking.level}-{scope}-{ranking.year}.{extension}"


def ranking_file(ranking: Ranking, extension: str) -> bytes:
    """In memory: a ranking has a few hundred rows (the page's download)."""
    buffer = io.BytesIO()
    write_ranking(ranking, extension, buffer)
    return buffer.getvalue()


def write_ranking(ranking: Ranking, extension: str, target: IO[bytes]) -> None:
    rows = (values(ranking, row) for row in ranking.rows)
    if extension == "csv":
        write_csv(target, headers(ranking), rows)
        return
    basis = dict(Basis.CHOICES)[ranking.basis]
    notes = [
        title(ranking),
        _("Diurutkan menurut: %(basis)s. Diunduh %(when)s.")
        % {"basis": basis, "when": f"{timezone.localtime().strftime(CSV_DATETIME)} {zone_name()}"},
    ]
    if not ranking.private:
        notes.append(str(FIGURE_KINDS[VERIFIED].explanation))
    write_xlsx(target, [Sheet(_("Peringkat"), headers(ranking), rows, notes)])
