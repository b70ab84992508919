"""Province and national rankings, read from the public schema only (regions, index snapshots,
official results), in a fixed number of queries whatever the number of regions.

Two kinds of figures meet here:
- the *estimate* a snapshot holds, computed from the region's own data including work still in
  draft: private to the province that oversees the region (its viewers, admins and leaders) and to
  platform operators;
- the *verified* estimate (verified reports only) and the *official* result: public.
Which of them a viewer sees is decided once, by `audience_for`, never in a template."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_platform_admin, overseen_province_ids
from rankings.models import IndexSnapshot, OfficialResult
from regions.models import Region, RegionKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class Level:
    """The two national groups, ranked separately as the national award does."""

    PROVINSI = "provinsi"
    KABKOTA = "kabkota"
    CHOICES = ((KABKOTA, _("Kabupaten/Kota")), (PROVINSI, _("Provinsi")))
    KINDS = {PROVINSI: (RegionKind.PROVINSI,), KABKOTA: (RegionKind.KABUPATEN, RegionKind.KOTA)}


class Basis:
    """What a ranking orders by: the official published index or the estimate."""

    OFFICIAL = "resmi"
    ESTIMATE = "estimasi"
    CHOICES = ((OFFICIAL, _("Hasil resmi")), (ESTIMATE, _("Estimasi")))


# The orders a table can be sorted in: query value -> row attribute (None sorts last).
SORTS = {
    "peringkat": "rank",
    "nama": "name",
    "indeks": "index",
    "inovasi": "innovations",
    "bukti": "evidence_completeness",
    "replikasi": "replications",
    "perubahan": "change",
}
# Sorting by these puts the largest first, as readers of a ranking expect.
DESCENDING_FIRST = frozenset({"indeks", "inovasi", "bukti", "replikasi", "perubahan"})


@dataclass(frozen=True)
class Audience:
    """Whose estimates a viewer may see: every region's (platform operators), or the kab/kota of
    the provinces the viewer oversees."""

    everything: bool = False
    province_ids: frozenset[int] = frozenset()

    def sees_estimates_of(self, province_id: int | None) -> bool:
        return self.everything or (province_id is not None and province_id in self.province_ids)

    def sees_region(self, region: Region) -> bool:
        """A provinsi is overseen by itself, a kabupaten or kota by its provinsi."""
        overseer = region.pk if region.kind == RegionKind.PROVINSI else region.province_id
        return self.sees_estimates_of(overseer)


PUBLIC = Audience()


def audience_for(user: User | AnonymousUser | None) -> Audience:
    if is_platform_admin(user):
        return Audience(everything=True)
    return Audience(province_ids=overseen_province_ids(user))


@dataclass
class RankingRow:
    region_id: int
    code: str
    name: str
    slug: str
    kind: str
    province_id: int | None
    province_name: str
    province_slug: str
    is_active: bool
    # The estimate this viewer may see (the full one when private, the verified one otherwise).
    estimate: Decimal | None = None
    estimate_predicate: str = ""
    estimate_predicate_label: str = ""
    official: Decimal | None = None
    official_predicate: str = ""
    official_predicate_label: str = ""
    national_rank: int | None = None
    official_rank_text: str = ""  # the published rank with its scope ("53/415 (antarkabupaten)")
    official_provisional: bool = False
    previous_official: Decimal | None = None
    previous_estimate: Decimal | None = None
    previous: Decimal | None = None  # last year's figure on the ranking's basis
    innovations: int | None = None
    evidence_completeness: Decimal | None = None  # private only: it counts drafts too
    replications_given: int = 0
    replications_received: int = 0
    computed_at: datetime | None = None
    rank: int | None = None
    # Filled by `_place`: the figure the ranking orders by.
    index: Decimal | None = None
    predicate: str = ""
    predicate_label: str = ""

    @property
    def change(self) -> Decimal | None:
        if self.index is None or self.previous is None:
            return None
        return self.index - self.previous

    @property
    def replications(self) -> int:
        return self.replications_given + self.replications_received


@dataclass
class Ranking:
    year: int
    level: str
    basis: str
    private: bool  # estimates include unverified work (the viewer oversees these regions)
    rows: list[RankingRow]
    province: Region | None = None
    predicate: str = ""
    sort: str = "peringkat"
    scope_size: int = 0  # regions ranked before the predicate filter
    official_sources: list[str] = field(default_factory=list)  # where the year's results came from
    predicate_counts: dict[str, int] = field(default_factory=dict)

    @property
    def ranked(self) -> list[RankingRow]:
        return [row for row in self.rows if row.rank is not None]


def ranking_years() -> list[int]:
    """Years with any figure to rank, newest first."""
    years = set(IndexSnapshot.objects.values_list("year", flat=True).distinct())
    years |= set(OfficialResult.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def default_ranking_year(years: list[int] | None = None) -> int:
    """The current assessment year when it has figures, else the newest year that has."""
    from tenants.assessment.years import current_year

    years = ranking_years() if years is None else years
    this = current_year()
    return this if this in years or not years else years[0]


def ranking(
    year: int,
    level: str = Level.KABKOTA,
    *,
    audience: Audience = PUBLIC,
    province: Region | None = None,
    predicate: str = "",
    basis: str = "",
    sort: str = "peringkat",
    descending: bool | None = None,
    search: str = "",
) -> Ranking:
    """The ranking of a level's regions (of one province, or national) for a year.

    Ranks are competition ranks ("1, 2, 2, 4"): equal indexes share a rank. They are computed
    over the whole scope before the predicate or name filter, so a filtered table keeps each
    region's place in its province or the nation."""
    regions = list(
        Region.objects.filter(**_scope(level, province))
        .select_related("province")
        .only(
            "id", "code", "name", "slug", "kind", "is_active",
            "province__id", "province__name", "province__slug", "province__kind",
        )
        .order_by("code")
    )  # fmt: skip
    private = audience.sees_estimates_of(province.pk) if province else audience.everything
    rows = {region.pk: _row(region, private=private) for region in regions}
    region_filter = _scope(level, province, prefix="region__")

    has_official = False
    sources: set[str] = set()
    for result in OfficialResult.objects.filter(year__in=(year, year - 1), **region_filter).only(
        "region_id",
        "year",
        "index",
        "predicate_code",
        "predicate_label",
        "status",
        "rank",
        "rank_scope",
        "rank_total",
        "source",
    ):
        row = rows.get(result.region_id)
        if row is None:
            continue
        if result.year == year:
            has_official = True
            sources.add(result.source)
            row.official = result.index
            row.official_predicate = result.predicate_code
            row.official_predicate_label = result.predicate_label
            row.national_rank = result.national_rank
            row.official_rank_text = result.rank_text
            row.official_provisional = result.is_provisional
        else:
            row.previous_official = result.index

    for snapshot in IndexSnapshot.objects.filter(year__in=(year, year - 1), **region_filter).defer(
        "by_stage", "by_status"
    ):
        row = rows.get(snapshot.region_id)
        if row is None:
            continue
        if snapshot.year == year:
            _fill_estimate(row, snapshot, private=private)
        else:
            row.previous_estimate = snapshot.index if private else snapshot.verified_index

    chosen = basis if basis in dict(Basis.CHOICES) else ""
    chosen = chosen or (Basis.OFFICIAL if has_official else Basis.ESTIMATE)
    ordered = list(rows.values())
    for row in ordered:
        _place(row, chosen)
    _assign_ranks(ordered)
    predicate_counts = Counter(row.predicate for row in ordered if row.predicate)

    shown = ordered
    if predicate:
        shown = [row for row in shown if row.predicate == predicate]
    if search:
        needle = search.casefold()
        shown = [row for row in shown if needle in row.name.casefold()]
    sort = sort if sort in SORTS else "peringkat"
    shown = _sorted(shown, sort, descending)
    return Ranking(
        year=year,
        level=level,
        basis=chosen,
        private=private,
        rows=shown,
        province=province,
        predicate=predicate,
        sort=sort,
        scope_size=len(ordered),
        predicate_counts=dict(predicate_counts),
        official_sources=sorted(source for source in sources if source),
    )


def _scope(level: str, province: Region | None, *, prefix: str = "") -> dict[str, object]:
    """Lookups selecting a level's regions, nationally or in one province (`prefix` to reach
    them through a relation)."""
    lookups: dict[str, object] = {
        f"{prefix}kind__in": Level.KINDS.get(level, Level.KINDS[Level.KABKOTA])
    }
    if province is not None:
        lookups[f"{prefix}province"] = province
    return lookups


def _row(region: Region, *, private: bool) -> RankingRow:
    province = region.province
    return RankingRow(
        region_id=region.pk,
        code=region.code,
        name=region.display_name,
        slug=region.slug,
        kind=region.kind,
        province_id=province.pk if province else None,
        province_name=province.name if province else region.name,
        province_slug=province.slug if province else region.slug,
        is_active=region.is_active,
    )


def _fill_estimate(row: RankingRow, snapshot: IndexSnapshot, *, private: bool) -> None:
    if private:
        row.estimate = snapshot.index
        row.estimate_predicate = snapshot.predicate_code
        row.estimate_predicate_label = snapshot.predicate_label
        row.innovations = snapshot.innovations
        row.evidence_completeness = snapshot.evidence_completeness
    else:
        row.estimate = snapshot.verified_index
        row.estimate_predicate = snapshot.verified_predicate_code
        row.estimate_predicate_label = snapshot.verified_predicate_label
        row.innovations = snapshot.innovations_verified
    row.replications_given = snapshot.replications_given
    row.replications_received = snapshot.replications_received
    row.computed_at = snapshot.computed_at


def _place(row: RankingRow, basis: str) -> None:
    if basis == Basis.OFFICIAL:
        row.index = row.official
        row.predicate, row.predicate_label = row.official_predicate, row.official_predicate_label
        row.previous = row.previous_official
    else:
        row.index = row.estimate
        row.predicate, row.predicate_label = row.estimate_predicate, row.estimate_predicate_label
        # Last year's estimate if there was one, else what was officially published.
        row.previous = (
            row.previous_estimate if row.previous_estimate is not None else row.previous_official
        )


def _assign_ranks(rows: list[RankingRow]) -> None:
    placed = sorted(
        (row for row in rows if row.index is not None), key=lambda row: (-row.index, row.name)
    )
    previous_index, previous_rank = None, 0
    for position, row in enumerate(placed, start=1):
        if row.index != previous_index:
            previous_index, previous_rank = row.index, position
        row.rank = previous_rank


def _sorted(rows: list[RankingRow], sort: str, descending: bool | None) -> list[RankingRow]:
    attribute = SORTS[sort]
    if descending is None:
        descending = sort in DESCENDING_FIRST
    present = [row for row in rows if getattr(row, attribute) is not None]
    missing = [row for row in rows if getattr(row, attribute) is None]
    present.sort(key=lambda row: row.name)  # stable tie order: by name
    present.sort(key=lambda row: getattr(row, attribute), reverse=descending)
    missing.sort(key=lambda row: row.name)
    return present + missing


# --- trends -------------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    year: int
    official: Decimal | None = None
    estimate: Decimal | None = None


def region_trend(region: Region, *, audience: Audience = PUBLIC) -> list[TrendPoint]:
    """A region's official index and estimate per year, oldest first (two queries)."""
    private = audience.sees_region(region)
    points: dict[int, TrendPoint] = {}
    for year, index in OfficialResult.objects.filter(region=region).values_list("year", "index"):
        points.setdefault(year, TrendPoint(year)).official = index
    estimate_field = "index" if private else "verified_index"
    for year, index in IndexSnapshot.objects.filter(region=region).values_list(
        "year", estimate_field
    ):
        points.setdefault(year, TrendPoint(year)).estimate = index
    return [points[year] for year in sorted(points)]


def scope_trend(
    level: str = Level.KABKOTA, *, province: Region | None = None, audience: Audience = PUBLIC
) -> list[TrendPoint]:
    """Average official index and average estimate of a scope's regions per year (two
    aggregate queries)."""
    from django.db.models import Avg

    lookups = _scope(level, province, prefix="region__")
    private = audience.sees_estimates_of(province.pk) if province else audience.everything
    points: dict[int, TrendPoint] = {}
    for row in (
        OfficialResult.objects.filter(**lookups).values("year").annotate(avg=Avg("index"))
    ).order_by():
        points.setdefault(row["year"], TrendPoint(row["year"])).official = _round(row["avg"])
    estimate_field = "index" if private else "verified_index"
    for row in (
        IndexSnapshot.objects.filter(**lookups).values("year").annotate(avg=Avg(estimate_field))
    ).order_by():
        points.setdefault(row["year"], TrendPoint(row["year"])).estimate = _round(row["avg"])
    return [points[year] for year in sorted(points)]


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


# --- lookups ------------------------------------------------------------------------------------


def province_by_slug(slug: str) -> Region | None:
    return Region.objects.filter(slug=slug, kind=RegionKind.PROVINSI).first()


def provinces() -> list[Region]:
    return list(Region.objects.filter(kind=RegionKind.PROVINSI).only("id", "name", "slug", "kind"))


def region_by_slug(slug: str) -> Region | None:
    return Region.objects.select_related("province").filter(slug=slug).first()


def region_snapshot(region: Region, year: int) -> IndexSnapshot | None:
    return IndexSnapshot.objects.filter(region=region, year=year).first()


def region_official(region: Region, year: int) -> OfficialResult | None:
    return OfficialResult.objects.filter(region=region, year=year).first()


def latest_official(region: Region, year: int) -> OfficialResult | None:
    """The newest official result up to `year` (the current year usually has none yet)."""
    return OfficialResult.objects.filter(region=region, year__lte=year).order_by("-year").first()


def predicate_choices() -> list[tuple[str, str]]:
    """The predicates of every rubric year, highest band first (codes are stable across years)."""
    from rubric.models import PredicateBand

    choices: dict[str, str] = {}
    for code, label in PredicateBand.objects.order_by("-min_index", "-rubric__year").values_list(
        "code", "label"
    ):
        choices.setdefault(code, label)
    return list(choices.items())


def snapshots(
    year: int | None = None, *, province: Region | None = None, region: Region | None = None
):
    """Snapshots (newest year first) with their regions, for the API's list."""
    rows = IndexSnapshot.objects.select_related("region").order_by("-year", "region__code")
    if year is not None:
        rows = rows.filter(year=year)
    if province is not None:
        rows = rows.filter(Q(region__province=province) | Q(region=province))
    if region is not None:
        rows = rows.filter(region=region)
    return rows
