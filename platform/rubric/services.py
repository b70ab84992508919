"""Writes to the national rubric."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import EventType, record_event
from rubric.models import IndicatorOption, PredicateBand, RubricYear

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def rubric_copy_year(*, source: RubricYear, year: int, actor: User | None) -> RubricYear:
    """Start a new assessment year as a copy of `source`, to be edited by a platform admin."""
    if RubricYear.objects.filter(year=year).exists():
        raise ValidationError({"year": _("Rubrik tahun %(year)d sudah ada.") % {"year": year}})
    copy = RubricYear.objects.get(pk=source.pk)
    copy.pk = None
    copy.year = year
    copy.title = _("Indeks Inovasi Daerah %(year)d (salinan %(source)d)") % {
        "year": year,
        "source": source.year,
    }
    copy.copied_from = source
    copy.loaded_from = ""
    copy.save()
    PredicateBand.objects.bulk_create(
        PredicateBand(rubric=copy, code=band.code, label=band.label, min_index=band.min_index)
        for band in source.bands.all()
    )
    for indicator in source.indicators.prefetch_related("options"):
        options = list(indicator.options.all())
        indicator.pk = None
        indicator.rubric = copy
        indicator.save()
        for option in options:
            option.pk = None
            option.indicator = indicator
        IndicatorOption.objects.bulk_create(options)
    record_event(EventType.RUBRIC_COPIED, actor=actor, data={"from": source.year, "to": year})
    return copy


# A rubric edit moves the figures of every active region: their recomputes are spread over this
# long, so the workers see a trickle, not 552 recomputes at once.
RECOMPUTE_WINDOW_SECONDS = 600


def rubric_changed(year: int | None) -> int:
    """After an edit of `year`'s rubric (None: of data every year uses, such as the government
    affairs): record the recompute of every active region's snapshot of that year (the current
    one for None), spread over RECOMPUTE_WINDOW_SECONDS, and their catalog entries, whose scores
    and affair names follow the rubric. Call in the transaction of the edit. Returns how many
    regions."""
    from pipeline.services import record_many
    from rankings.services import queue_all_snapshots
    from regions.models import Region

    current = RubricYear.objects.filter(year__lte=_today_year()).order_by("-year").first()
    year = year or (current.year if current else None)
    if year is None:
        return 0
    queued = queue_all_snapshots(year, window_seconds=RECOMPUTE_WINDOW_SECONDS)
    if current is not None and year == current.year:
        record_many(
            {"name": "catalog.region", "region": pk}
            for pk in Region.objects.filter(is_active=True).values_list("pk", flat=True)
        )
    return queued


def _today_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year
