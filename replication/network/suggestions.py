"""Replication suggestions: catalog innovations of other regions that would close a region's
scoring gaps, best first.

Which affairs (urusan) are gaps, in this order:
  (a) basic-service affairs (rubric: `basic_service`) that no eligible innovation of the region
      covers, while the count-score gate is not met — replicating one of them is what makes the
      count score count ("memenuhi syarat skor jumlah inovasi");
  (b) affairs in which the region has no innovation at all.

Within that, entries are ranked by a documented weighted formula over what the catalog says of
the origin innovation (each term between 0 and 1, so the rank is too):

    rank = 0.5 x score / max_score            (how well the origin innovation scores)
         + 0.3 x evidence_completeness         (how much of it is backed by evidence)
         + 0.2 x min(replica_count, 3) / 3     (replication track record, capped at 3 regions)

The best entry of each affair comes before the second-best of any affair, so a short list
spreads over several gaps instead of filling up with one urusan.

Left out: the region's own entries, entries that are replicas of the region's own innovations,
innovations the region already replicates (a replica in its registry), and entries for which it
has a request that is open or credited (anything but declined, cancelled or expired)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When, Window
from django.db.models.functions import Cast, Coalesce, Least, NullIf, RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import tenant_context

from replication.catalog.models import CatalogEntry
from replication.requests.models import ReplicationRequest, RequestStatus

if TYPE_CHECKING:
    from collections.abc import Iterator

    from regions.models import Region
    from tenants.scoring.compute import RegionScore

SCORE_WEIGHT, EVIDENCE_WEIGHT, REPLICA_WEIGHT = 0.5, 0.3, 0.2
REPLICA_CAP = 3
# Requests that no longer stand in the way of asking again.
FINISHED_WITHOUT_AGREEMENT = (
    RequestStatus.DECLINED,
    RequestStatus.CANCELLED,
    RequestStatus.EXPIRED,
)
BASIC_SERVICE, NO_INNOVATION = "basic_service", "no_innovation"
GROUP_LABELS = {
    BASIC_SERVICE: gettext_lazy("memenuhi syarat skor jumlah inovasi"),
    NO_INNOVATION: gettext_lazy("urusan yang belum memiliki inovasi"),
}


def rank_value(
    score: Decimal | float,
    max_score: Decimal | float,
    evidence_completeness: Decimal | float,
    replica_count: int,
) -> float:
    """The rank of an entry, as in the module docstring (the query computes the same in SQL)."""
    quality = float(score) / float(max_score) if max_score else 0.0
    record = min(replica_count, REPLICA_CAP) / REPLICA_CAP
    return (
        SCORE_WEIGHT * quality
        + EVIDENCE_WEIGHT * float(evidence_completeness)
        + REPLICA_WEIGHT * record
    )


def _rank_expression():
    def as_float(name: str):
        return Cast(F(name), FloatField())

    quality = Coalesce(as_float("score") / NullIf(as_float("max_score"), Value(0.0)), Value(0.0))
    record = Least(as_float("replica_count"), Value(float(REPLICA_CAP))) / Value(float(REPLICA_CAP))
    return (
        Value(SCORE_WEIGHT) * quality
        + Value(EVIDENCE_WEIGHT) * as_float("evidence_completeness")
        + Value(REPLICA_WEIGHT) * record
    )


@dataclass(frozen=True)
class Suggestion:
    entry: CatalogEntry
    group: str  # BASIC_SERVICE or NO_INNOVATION
    rank: float

    @property
    def group_label(self) -> str:
        return str(GROUP_LABELS[self.group])

    @property
    def reason(self) -> str:
        if self.group == BASIC_SERVICE:
            return _(
                "Urusan pelayanan dasar %(affair)s belum tercakup inovasi yang memenuhi syarat."
            ) % {"affair": self.entry.affair_name}
        return _("Belum ada inovasi urusan %(affair)s.") % {"affair": self.entry.affair_name}


@dataclass
class Suggestions:
    """The suggestions for one region, with the basic-service gate they are measured against."""

    year: int | None
    gate: int | None  # basic-service affairs the count score requires (None: no gate)
    basic_covered: int  # basic-service affairs covered by eligible innovations
    items: list[Suggestion] = field(default_factory=list)

    @property
    def gate_met(self) -> bool:
        return self.gate is None or self.basic_covered >= self.gate

    def __iter__(self) -> Iterator[Suggestion]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Suggestion:
        return self.items[index]


def suggestions_for(
    region: Region, *, limit: int = 8, score: RegionScore | None = None
) -> Suggestions:
    """Up to `limit` catalog entries for `region` to replicate, best first. `score` may pass the
    region's score of the current year when the caller has it already (the dashboard does)."""
    from rubric.selectors import year_rubric
    from rubric.years import current_year
    from tenants.innovations.models import Innovation
    from tenants.scoring.compute import region_score

    with tenant_context(region):
        year = current_year()
        rubric = year_rubric(year)
        if rubric is None:
            return Suggestions(year, None, 0)
        if score is None or score.rubric.year != year:
            score = region_score(year)
        if score is None:  # no rubric for the year (as above)
            return Suggestions(year, None, 0)
        own = list(Innovation.objects.values_list("affair", "origin_public_id"))
    own_affairs = {affair for affair, _origin in own if affair}
    replicated = {origin for _affair, origin in own if origin}
    gate = rubric.params.basic_service_gate
    covered = set(score.basic_services_covered)
    result = Suggestions(year, gate, len(covered))
    basic_gaps = rubric.basic_service_codes - covered if not result.gate_met else set()
    other_gaps = set(rubric.affairs) - own_affairs - basic_gaps
    if not (basic_gaps or other_gaps) or limit <= 0:
        return result
    asked = ReplicationRequest.objects.filter(requester=region).exclude(
        status__in=FINISHED_WITHOUT_AGREEMENT
    )
    entries = (
        CatalogEntry.objects.filter(affair__in=basic_gaps | other_gaps)
        .exclude(region=region)
        .exclude(origin_region_code=region.code)
        .exclude(public_id__in=replicated)
        .exclude(
            Q(public_id__in=asked.values("origin_public_id"))
            | Q(pk__in=asked.exclude(entry=None).values("entry_id"))
        )
        .annotate(
            group=Case(
                When(affair__in=basic_gaps or [""], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            rank=_rank_expression(),
        )
        .annotate(
            affair_rank=Window(
                RowNumber(), partition_by=[F("affair")], order_by=[F("rank").desc(), F("pk")]
            )
        )
        .select_related("region")
        .order_by("group", "affair_rank", "-rank", "name", "pk")[:limit]
    )
    result.items = [
        Suggestion(entry, BASIC_SERVICE if entry.group == 0 else NO_INNOVATION, entry.rank)
        for entry in entries
    ]
    return result
