"""What the charts draw, as plain JSON-ready data (the page embeds it with json_script and the
vendored Chart.js draws it; the same figures are in the tables next to each chart)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from rankings.selectors import Ranking, TrendPoint, predicate_choices

BAR_LIMIT = 30  # a bar chart of 500 regions reads as noise: the table has them all
PREDICATE_COLOURS = {
    "sangat-inovatif": "#1b7f3b",
    "inovatif": "#4f9fd6",
    "kurang-inovatif": "#e0a526",
    "tidak-dapat-dinilai": "#9aa0a6",
}
OTHER_COLOUR = "#7b6cd9"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def short_label(name: str) -> str:
    """'Kabupaten Hulu Sungai Selatan' -> 'Kab. Hulu Sungai Selatan': chart axes are narrow."""
    return "Kab. " + name.removeprefix("Kabupaten ") if name.startswith("Kabupaten ") else name


def charts_data(ranking: Ranking, trend: list[TrendPoint]) -> dict:
    placed = sorted(ranking.ranked, key=lambda row: (row.rank, row.name))[:BAR_LIMIT]
    present = [
        (code, label) for code, label in predicate_choices() if code in ranking.predicate_counts
    ]
    return {
        "bars": {
            "labels": [short_label(row.name) for row in placed],
            "values": [_number(row.index) for row in placed],
            "colours": [PREDICATE_COLOURS.get(row.predicate, OTHER_COLOUR) for row in placed],
            "label": _("Indeks"),
        },
        "predicates": {
            "labels": [label for _code, label in present],
            "values": [ranking.predicate_counts[code] for code, _label in present],
            "colours": [PREDICATE_COLOURS.get(code, OTHER_COLOUR) for code, _label in present],
        },
        # Only regions on the platform have an estimate: say whose average it is.
        "trend": trend_series(trend, estimate_label=_("Angka platform (rata-rata daerah aktif)")),
    }


def trend_series(points: list[TrendPoint], *, estimate_label: str = "") -> dict:
    return {
        "labels": [str(point.year) for point in points],
        "official": [_number(point.official) for point in points],
        "estimate": [_number(point.estimate) for point in points],
        "official_label": _("Indeks resmi"),
        "estimate_label": estimate_label or _("Angka platform"),
    }


def predicate_rows(ranking: Ranking) -> list[tuple[str, int]]:
    """(label, number of regions) per predicate, highest band first, as the page lists them."""
    return [
        (label, ranking.predicate_counts[code])
        for code, label in predicate_choices()
        if code in ranking.predicate_counts
    ]
