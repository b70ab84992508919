"""Reads of the national rubric."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from rubric.formula import FormulaParameters
from rubric.models import GovernmentAffair, Indicator, IndicatorOption, RubricYear


def rubric_for_year(year: int) -> RubricYear | None:
    return RubricYear.objects.filter(year=year).first()


def rubric_years() -> QuerySet[RubricYear]:
    return RubricYear.objects.order_by("-year")


def indicators_with_options(rubric: RubricYear, *, part: str | None = None) -> QuerySet[Indicator]:
    queryset = rubric.indicators.prefetch_related(
        Prefetch("options", queryset=IndicatorOption.objects.order_by("basis", "level"))
    )
    return queryset.filter(part=part) if part else queryset


def basic_service_affair_codes() -> set[str]:
    return set(GovernmentAffair.objects.filter(basic_service=True).values_list("code", flat=True))


@dataclass(frozen=True)
class YearRubric:
    """Everything scoring needs about one year's rubric, loaded in four queries."""

    rubric: RubricYear
    params: FormulaParameters
    indicators: dict[str, Indicator]  # by code, in rubric order
    options: dict[tuple[str, str, int], IndicatorOption]  # (code, basis, level)
    affairs: dict[str, GovernmentAffair]  # by code, in list order

    @property
    def year(self) -> int:
        return self.rubric.year

    def part(self, part: str) -> list[Indicator]:
        return [indicator for indicator in self.indicators.values() if indicator.part == part]

    def option(self, code: str, basis: str, level: int | None) -> IndicatorOption | None:
        if level is None:
            return None
        return self.options.get((code, basis or "", level))

    def bases(self, code: str) -> list[str]:
        return sorted({basis for (c, basis, _level) in self.options if c == code})

    def derived(self, source: str) -> Indicator | None:
        """The indicator the platform fills from `source` (e.g. "replications"), if any."""
        return next(
            (item for item in self.indicators.values() if item.derived_from == source), None
        )

    @property
    def basic_service_codes(self) -> set[str]:
        return {code for code, affair in self.affairs.items() if affair.basic_service}


RUBRIC_VERSION_KEY = "rubric:version"
# year -> (version seen, expiry on the monotonic clock, rubric)
_memo: dict[int, tuple[object, float, YearRubric | None]] = {}
_pinned: ContextVar[bool] = ContextVar("rubric_pinned", default=False)


def year_rubric(year: int) -> YearRubric | None:
    """The rubric of `year`, memoised in the process. Every saved or deleted rubric row bumps a
    version in the shared cache after its transaction commits (rubric.signals), so all web and
    worker processes reload it; RUBRIC_CACHE_SECONDS bounds how long a copy lives anyway, and 0
    turns the memo off (the test settings do, since test transactions never commit)."""
    ttl = settings.RUBRIC_CACHE_SECONDS or (3600 if _pinned.get() else 0)
    if ttl <= 0:
        return load_year_rubric(year)
    version = cache.get(RUBRIC_VERSION_KEY, 0)
    hit = _memo.get(year)
    now = time.monotonic()
    if hit is not None and hit[0] == version and hit[1] > now:
        return hit[2]
    rubric = load_year_rubric(year)
    if hit is not None and _same_content(hit[2], rubric):
        # Reloaded because the copy expired, not because it changed: keep the object, which
        # what is kept per rubric elsewhere (a region's score, tenants.scoring.compute) is
        # keyed by, so those need not all be computed again every RUBRIC_CACHE_SECONDS.
        rubric = hit[2]
    _memo[year] = (version, now + ttl, rubric)
    return rubric


def _same_content(kept: YearRubric | None, loaded: YearRubric | None) -> bool:
    """Whether two loads of a rubric hold the same values (model instances compare by primary
    key alone, so their fields are compared)."""
    if kept is None or loaded is None:
        return kept is loaded

    def values(rubric: YearRubric) -> tuple:
        return (
            _fields(rubric.rubric),
            rubric.params,
            [(code, _fields(item)) for code, item in rubric.indicators.items()],
            [(key, _fields(item)) for key, item in rubric.options.items()],
            [(code, _fields(item)) for code, item in rubric.affairs.items()],
        )

    return values(kept) == values(loaded)


def _fields(instance: object) -> dict[str, object]:
    return {name: value for name, value in vars(instance).items() if not name.startswith("_")}


@contextmanager
def rubric_memo() -> Iterator[None]:
    """Keep rubrics in memory during a long batch (the demo seed) even where the settings turn
    the memo off; the batch must not change the rubric itself."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)
        _memo.clear()


def forget_rubrics() -> None:
    """Make every process reload the rubric (called after a rubric change commits)."""
    _memo.clear()
    try:
        cache.incr(RUBRIC_VERSION_KEY)
    except ValueError:
        cache.set(RUBRIC_VERSION_KEY, 1, timeout=None)


def load_year_rubric(year: int) -> YearRubric | None:
    rubric = RubricYear.objects.filter(year=year).prefetch_related("bands").first()
    if rubric is None:
        return None
    indicators = {
        indicator.code: indicator
        for indicator in indicators_with_options(rubric).order_by("part", "number", "sub")
    }
    # SPD before SID, as the national form lists them.
    ordered = dict(
        sorted(indicators.items(), key=lambda item: (item[1].part != "spd", item[1].number))
    )
    options = {
        (indicator.code, option.basis, option.level): option
        for indicator in ordered.values()
        for option in indicator.options.all()
    }
    affairs = {affair.code: affair for affair in GovernmentAffair.objects.order_by("order")}
    return YearRubric(rubric, FormulaParameters.of(rubric), ordered, options, affairs)


def latest_year() -> int | None:
    return RubricYear.objects.order_by("-year").values_list("year", flat=True).first()
