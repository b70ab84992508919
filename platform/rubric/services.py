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
