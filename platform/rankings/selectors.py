"""Province and national rankings, read from the public schema only (regions, index snapshots,
official results), in a fixed number of queries whatever the number of regions.

What every request would recompute (a scope's scored and ranked rows, its trend, the years and
predicates) is kept per process until the figures change (`_MEMO`, core.versioned_memo): a
request then only filters, sorts and pages rows already ranked.

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
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_platform_admin, overseen_province_ids
from core.figure_kinds import OFFICIAL, estimate_kind
from core.versioned_memo import VersionedMemo
from rankings.models import (
    IndexSnapshot,
    OfficialResult,
    ResultStatus,
    national_rank,
    rank_text,
)
from rankings.public_data import RANKING_DATA
from regions.models import Region, RegionKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

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
    # Worded like the figure kinds (core.figure_kinds): the platform's own figure is the
    # estimate for those who oversee a region and the verified figure for everyone else.
    CHOICES = (
        (OFFICIAL, _("Resmi")),
        (ESTIMATE, _("Angka platform (perkiraan atau terverifikasi)")),
    )


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

# Ranked scopes, trends and lookups per process, until a snapshot, an official result, a region or
# the rubric changes: 34 provinces x 2 levels x 2 audiences x a few years fit.
_MEMO: VersionedMemo = VersionedMemo(RANKING_DATA, size=512)


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

    def seen_regions(self) -> QuerySet[Region]:
        """The regions `sees_region` is true of, as one query."""
        if self.everything:
            return Region.objects.all()
        own = Q(kind=RegionKind.PROVINSI, pk__in=self.province_ids)
        below = Q(province_id__in=self.province_ids) & ~Q(kind=RegionKind.PROVINSI)
        return Region.objects.filter(own | below)


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
    official_demo: bool = False  # generated by the demo seed, never published
    previous_official_demo: bool = False
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

    @property
    def figure_kind(self) -> str:
        """The kind of figure (core.figure_kinds) the ranking orders by."""
        return OFFICIAL if self.basis == Basis.OFFICIAL else estimate_kind(self.private)

    @property
    def other_figure_kind(self) -> str:
        """The kind shown beside it: the estimate beside an official ranking, and back."""
        return estimate_kind(self.private) if self.basis == Basis.OFFICIAL else OFFICIAL


def ranking_years() -> list[int]:
    """Years with any figure to rank, newest first."""
    return list(_MEMO.get("years", _ranking_years))


def _ranking_years() -> tuple[int, ...]:
    years = set(IndexSnapshot.objects.values_list("year", flat=True).distinct())
    years |= set(OfficialResult.objects.values_list("year", flat=True).distinct())
    return tuple(sorted(years, reverse=True))


def default_ranking_year(years: list[int] | None = None) -> int:
    """The current assessment year when it has figures, else the newest year that has."""
    from rubric.years import current_year

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
    private = audience.sees_estimates_of(province.pk) if province else audience.everything
    chosen = basis if basis in dict(Basis.CHOICES) else ""
    # The language too: a published rank's scope is worded in it ("antarkabupaten").
    key = (
        "ranking", year, level, province.pk if province else None, private, chosen,
        translation.get_language(),
    )  # fmt: skip
    scope = _MEMO.get(key, lambda: _ranked_scope(year, level, province, private, chosen))

    shown = list(scope.rows)
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
        basis=scope.basis,
        private=private,
        rows=shown,
        province=province,
        predicate=predicate,
        sort=sort,
        scope_size=len(scope.rows),
        predicate_counts=dict(scope.predicate_counts),
        official_sources=list(scope.official_sources),
    )


@dataclass(frozen=True)
class _RankedScope:
    """Every region of a scope with its figures placed and ranked, in code order: shared between
    requests (core.versioned_memo), so never changed once built."""

    rows: tuple[RankingRow, ...]
    basis: str
    predicate_counts: tuple[tuple[str, int], ...]
    official_sources: tuple[str, ...]


def _ranked_scope(
    year: int, level: str, province: Region | None, private: bool, basis: str
) -> _RankedScope:
    """Three queries: the scope's regions, its official results and its snapshots (this year's
    and last year's), each read as plain values, not model instances: a national scope reads
    over a thousand rows of each, and building the instances was a third of the first request
    after a change (issue #19)."""
    rows = {
        values["id"]: _row(values, private=private)
        for values in Region.objects.filter(**_scope(level, province))
        .order_by("code")
        .values(*REGION_FIELDS)
    }
    region_filter = _scope(level, province, prefix="region__")
    has_official = False
    sources: set[str] = set()
    for result in OfficialResult.objects.filter(year__in=(year, year - 1), **region_filter).values(
        *OFFICIAL_FIELDS
    ):
        row = rows.get(result["region_id"])
        if row is None:
            continue
        if result["year"] == year:
            has_official = True
            sources.add(result["source"])
            row.official = result["index"]
            row.official_predicate = result["predicate_code"]
            row.official_predicate_label = result["predicate_label"]
            row.national_rank = national_rank(result["rank"], result["rank_scope"])
            row.official_rank_text = rank_text(
                result["rank"], result["rank_total"], result["rank_scope"]
            )
            row.official_provisional = result["status"] == ResultStatus.PROVISIONAL
            row.official_demo = result["is_demo"]
        else:
            row.previous_official = result["index"]
            row.previous_official_demo = result["is_demo"]

    # Plain values, not model instances: a national scope reads over a thousand of them.
    for snapshot in IndexSnapshot.objects.filter(year__in=(year, year - 1), **region_filter).values(
        *SNAPSHOT_FIELDS
    ):
        row = rows.get(snapshot["region_id"])
        if row is None:
            continue
        if snapshot["year"] == year:
            _fill_estimate(row, snapshot, private=private)
        else:
            row.previous_estimate = snapshot["index" if private else "verified_index"]

    chosen = basis or (Basis.OFFICIAL if has_official else Basis.ESTIMATE)
    ordered = list(rows.values())
    for row in ordered:
        _place(row, chosen)
    _assign_ranks(ordered)
    predicate_counts = Counter(row.predicate for row in ordered if row.predicate)
    return _RankedScope(
        rows=tuple(ordered),
        basis=chosen,
        predicate_counts=tuple(predicate_counts.items()),
        official_sources=tuple(sorted(source for source in sources if source)),
    )


def _scope(level: str, province: Region | None, *, prefix: str = "") -> dict[str, object]:
    """Lookups selecting a level's regions, nationally or in one province (`prefix` to reach
    them through a relation)."""
    # Only autonomous pemda are ranked: Jakarta's administrative kabupaten/kota are not
    # (regions/data/administrative_regions.yaml).
    lookups: dict[str, object] = {
        f"{prefix}kind__in": Level.KINDS.get(level, Level.KINDS[Level.KABKOTA]),
        f"{prefix}is_autonomous": True,
    }
    if province is not None:
        lookups[f"{prefix}province"] = province
    return lookups


REGION_FIELDS = (
    "id", "code", "name", "slug", "kind", "is_active",
    "province_id", "province__name", "province__slug",
)  # fmt: skip
OFFICIAL_FIELDS = (
    "region_id", "year", "index", "predicate_code", "predicate_label", "status", "rank",
    "rank_scope", "rank_total", "source", "is_demo",
)  # fmt: skip


def _row(region: dict[str, Any], *, private: bool) -> RankingRow:
    """A row from the REGION_FIELDS of a region (a province has no province: its own)."""
    has_province = region["province_id"] is not None
    return RankingRow(
        region_id=region["id"],
        code=region["code"],
        name=Region.official_name(region["kind"], region["name"]),
        slug=region["slug"],
        kind=region["kind"],
        province_id=region["province_id"],
        province_name=region["province__name"] if has_province else region["name"],
        province_slug=region["province__slug"] if has_province else region["slug"],
        is_active=region["is_active"],
    )


SNAPSHOT_FIELDS = (
    "region_id", "year", "index", "predicate_code", "predicate_label", "innovations",
    "evidence_completeness", "verified_index", "verified_predicate_code",
    "verified_predicate_label", "innovations_verified", "replications_given",
    "replications_received", "computed_at",
)  # fmt: skip


def _fill_estimate(row: RankingRow, snapshot: dict[str, Any], *, private: bool) -> None:
    if private:
        row.estimate = snapshot["index"]
        row.estimate_predicate = snapshot["predicate_code"]
        row.estimate_predicate_label = snapshot["predicate_label"]
        row.innovations = snapshot["innovations"]
        row.evidence_completeness = snapshot["evidence_completeness"]
    else:
        row.estimate = snapshot["verified_index"]
        row.estimate_predicate = snapshot["verified_predicate_code"]
        row.estimate_predicate_label = snapshot["verified_predicate_label"]
        row.innovations = snapshot["innovations_verified"]
    row.replications_given = snapshot["replications_given"]
    row.replications_received = snapshot["replications_received"]
    row.computed_at = snapshot["computed_at"]


def _place(row: RankingRow, basis: str) -> None:
    if basis == Basis.OFFICIAL:
        row.index = row.official
        row.predicate, row.predicate_label = row.official_predicate, row.official_predicate_label
        # A demo year is never compared with a real one.
        same_kind = row.official_demo == row.previous_official_demo
        row.previous = row.previous_official if same_kind else None
    else:
        row.index = row.estimate
        row.predicate, row.predicate_label = row.estimate_predicate, row.estimate_predicate_label
        # Last year's estimate if there was one, else what was officially published.
        row.previous = (
            row.previous_estimate if row.previous_estimate is not None else row.previous_official
        )


def _assign_ranks(rows: list[RankingRow]) -> None:
    placed = sorted(
        ((row.index, row) for row in rows if row.index is not None),
        key=lambda pair: (-pair[0], pair[1].name),
    )
    previous_index: Decimal | None = None
    previous_rank = 0
    for position, (index, row) in enumerate(placed, start=1):
        if index != previous_index:
            previous_index, previous_rank = index, position
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
    # How many regions each average covers (a region's own trend: None); an average is never
    # shown without its population.
    official_regions: int | None = None
    estimate_regions: int | None = None
    # The scope's innovations in the year's reports and the OPDs that have them, summed over
    # the regions with data on the platform (estimate_regions): for those who see estimates.
    innovations: int | None = None
    innovating_opds: int | None = None


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
    aggregate queries, once per change of the figures)."""
    private = audience.sees_estimates_of(province.pk) if province else audience.everything
    key = ("trend", level, province.pk if province else None, private)
    return list(_MEMO.get(key, lambda: _scope_trend(level, province, private)))


def _scope_trend(level: str, province: Region | None, private: bool) -> tuple[TrendPoint, ...]:
    from django.db.models import Avg, Sum

    lookups = _scope(level, province, prefix="region__")
    points: dict[int, TrendPoint] = {}
    for row in (
        OfficialResult.objects.filter(**lookups, index__isnull=False)
        .values("year")
        .annotate(avg=Avg("index"), n=Count("id"))
    ).order_by():
        point = points.setdefault(row["year"], TrendPoint(row["year"]))
        point.official, point.official_regions = _round(row["avg"]), row["n"]
    estimate_field = "index" if private else "verified_index"
    for row in (
        IndexSnapshot.objects.filter(**lookups)
        .values("year")
        .annotate(
            avg=Avg(estimate_field),
            n=Count("id"),
            innovations=Sum("innovations"),
            opds=Sum("innovating_opds"),
        )
    ).order_by():
        point = points.setdefault(row["year"], TrendPoint(row["year"]))
        point.estimate, point.estimate_regions = _round(row["avg"]), row["n"]
        if private:
            point.innovations, point.innovating_opds = row["innovations"], row["opds"]
    return tuple(points[year] for year in sorted(points))


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


# --- lookups ------------------------------------------------------------------------------------


def provinces() -> list[Region]:
    return list(_MEMO.get("provinces", _provinces))


def _provinces() -> tuple[Region, ...]:
    return tuple(Region.objects.filter(kind=RegionKind.PROVINSI).only("id", "name", "slug", "kind"))


def region_snapshot(region: Region, year: int) -> IndexSnapshot | None:
    return IndexSnapshot.objects.filter(region=region, year=year).first()


def region_official(region: Region, year: int) -> OfficialResult | None:
    return OfficialResult.objects.filter(region=region, year=year).first()


def latest_official(region: Region, year: int) -> OfficialResult | None:
    """The newest official result up to `year` (the current year usually has none yet)."""
    return OfficialResult.objects.filter(region=region, year__lte=year).order_by("-year").first()


def predicate_choices() -> list[tuple[str, str]]:
    """The predicates of every rubric year, highest band first (codes are stable across years)."""
    return list(_MEMO.get("predicates", _predicate_choices))


def _predicate_choices() -> tuple[tuple[str, str], ...]:
    from rubric.models import PredicateBand

    choices: dict[str, str] = {}
    for code, label in PredicateBand.objects.order_by("-min_index", "-rubric__year").values_list(
        "code", "label"
    ):
        choices.setdefault(code, label)
    return tuple(choices.items())


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
