"""The replication network: who learns from whom, read from the public schema only
(ReplicationRequest, CatalogEntry, Region), in a fixed number of queries whatever the number of
regions or requests.

A *replication* is a request that reached its agreement (kesepakatan, implementasi, selesai: the
statuses the origin's replication indicator counts); requests still under way (diajukan up to
kunjungan selesai) are shown separately, and the ones that ended without an agreement (ditolak,
dibatalkan, kedaluwarsa) only in the tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from regions.models import Region, RegionKind
from replication.catalog.models import CatalogEntry
from replication.network import layout as geometry
from replication.requests.models import (
    CLOSED_STATUSES,
    CREDITED_STATUSES,
    ReplicationRequest,
    RequestStatus,
)

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable

IN_PROGRESS_STATUSES = frozenset(RequestStatus.values) - CLOSED_STATUSES - CREDITED_STATUSES
ENDED_STATUSES = frozenset(CLOSED_STATUSES - CREDITED_STATUSES)
TOP_INNOVATIONS = 10


@dataclass
class Node:
    """A region that takes part in the network (as origin, requester or both)."""

    region_id: int
    code: str
    name: str
    short_name: str
    slug: str
    kind: str
    province_id: int | None  # the region's province (itself for a provinsi)
    province_name: str
    inside: bool = True  # within the province being viewed (always True nationally)
    given: int = 0  # replications of its innovations by other regions
    received: int = 0  # replications it made of other regions' innovations
    giving_in_progress: int = 0
    receiving_in_progress: int = 0

    @property
    def replications(self) -> int:
        return self.given + self.received

    @property
    def activity(self) -> int:
        return self.given + self.received + self.giving_in_progress + self.receiving_in_progress


@dataclass
class Edge:
    """All requests of one requester for innovations of one origin: the requester learns from
    the origin; the arrow points from origin to requester."""

    origin: Node
    requester: Node
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def replications(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in CREDITED_STATUSES)

    @property
    def in_progress(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in IN_PROGRESS_STATUSES)

    @property
    def ended(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in ENDED_STATUSES)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def active(self) -> int:
        """What the graph draws: replications plus requests still under way."""
        return self.replications + self.in_progress


@dataclass
class Network:
    province: Region | None
    nodes: list[Node]
    edges: list[Edge]
    top_innovations: list[CatalogEntry]

    @property
    def drawn_edges(self) -> list[Edge]:
        return [edge for edge in self.edges if edge.active]

    @property
    def drawn_nodes(self) -> list[Node]:
        keys = {edge.origin.region_id for edge in self.drawn_edges} | {
            edge.requester.region_id for edge in self.drawn_edges
        }
        return [node for node in self.nodes if node.region_id in keys]

    @property
    def replications(self) -> int:
        return sum(edge.replications for edge in self.edges)

    @property
    def in_progress(self) -> int:
        return sum(edge.in_progress for edge in self.edges)

    @property
    def ended(self) -> int:
        return sum(edge.ended for edge in self.edges)

    @property
    def region_ranking(self) -> list[Node]:
        """Regions by replications given, then received (the table under the graph)."""
        return sorted(
            self.nodes,
            key=lambda node: (-node.given, -node.received, -node.activity, node.name),
        )

    def drawing(self) -> Drawing:
        """The graph to draw: the layout, with each placed node and edge next to its data."""
        placed = self.layout()
        # Keyed as the layout keys them (its keys are the region ids given in layout()).
        nodes: dict[Hashable, Node] = {node.region_id: node for node in self.nodes}
        edges: dict[tuple[Hashable, Hashable], Edge] = {
            (edge.origin.region_id, edge.requester.region_id): edge for edge in self.edges
        }
        return Drawing(
            layout=placed,
            nodes=[
                (item, nodes[item.key], _fill(item, nodes[item.key], self.province))
                for item in placed.nodes
            ],
            edges=[(item, edges[(item.source, item.target)]) for item in placed.edges],
        )

    def layout(self) -> geometry.Layout:
        """Nodes on a circle, grouped by province (nationally) or inside/outside the province."""
        nodes = sorted(
            self.drawn_nodes,
            key=lambda node: (
                (not node.inside, node.province_name, node.name)
                if self.province is not None
                else (node.province_name, node.name)
            ),
        )
        return geometry.layout(
            [
                geometry.NodeInput(
                    key=node.region_id,
                    label=node.short_name,
                    group=node.inside if self.province is not None else node.province_id,
                    weight=node.activity,
                )
                for node in nodes
            ],
            [
                geometry.EdgeInput(
                    source=edge.origin.region_id,
                    target=edge.requester.region_id,
                    weight=edge.active,
                )
                for edge in self.drawn_edges
            ],
        )


# Node colours: one per province group nationally (cycled); inside/outside on a province view.
PALETTE = ("#0b6e4f", "#1f4b99", "#8a5a00", "#7b2d8b", "#a93226", "#1a7f8e", "#5d6d1e", "#444")
INSIDE_FILL, OUTSIDE_FILL = "#0b6e4f", "#ffffff"


def _fill(placed: geometry.PlacedNode, node: Node, province: Region | None) -> str:
    if province is not None:
        return INSIDE_FILL if node.inside else OUTSIDE_FILL
    return PALETTE[placed.group_index % len(PALETTE)]


@dataclass
class Drawing:
    layout: geometry.Layout
    nodes: list[tuple[geometry.PlacedNode, Node, str]]  # placed, data, fill colour
    edges: list[tuple[geometry.PlacedEdge, Edge]]


def province_choices() -> list[Region]:
    return list(
        Region.objects.filter(kind=RegionKind.PROVINSI).only("pk", "name", "slug", "kind", "code")
    )


def network_graph(province: Region | None = None) -> Network:
    """The network of the whole country, or of one province: requests where either side belongs
    to it (regions of other provinces come along, marked outside). Three queries."""
    rows = _request_counts(province)
    nodes = _nodes({row[0] for row in rows} | {row[1] for row in rows}, province)
    edges: dict[tuple[int, int], Edge] = {}
    for origin_id, requester_id, status, n in rows:
        origin, requester = nodes[origin_id], nodes[requester_id]
        edge = edges.get((origin_id, requester_id))
        if edge is None:
            edge = edges[(origin_id, requester_id)] = Edge(origin, requester)
        edge.by_status[status] = edge.by_status.get(status, 0) + n
        if status in CREDITED_STATUSES:
            origin.given += n
            requester.received += n
        elif status in IN_PROGRESS_STATUSES:
            origin.giving_in_progress += n
            requester.receiving_in_progress += n
    ordered_edges = sorted(
        edges.values(),
        key=lambda edge: (
            -edge.replications,
            -edge.in_progress,
            edge.origin.name,
            edge.requester.name,
        ),
    )
    return Network(
        province=province,
        nodes=sorted(nodes.values(), key=lambda node: (node.province_name, node.name)),
        edges=ordered_edges,
        top_innovations=most_replicated(province),
    )


@dataclass
class NetworkSummary:
    replications: int
    in_progress: int
    regions: int  # regions taking part, as origin or requester
    leaders: list[Node]  # the most active, by replications given then received


def network_summary(province: Region | None = None, *, leaders: int = 5) -> NetworkSummary:
    """The network's totals and its most active regions, without building the graph: two
    queries, whatever the number of regions and requests."""
    rows = _request_counts(province)
    given: dict[int, int] = {}
    received: dict[int, int] = {}
    involved: set[int] = set()
    replications = in_progress = 0
    for origin_id, requester_id, status, n in rows:
        involved |= {origin_id, requester_id}
        if status in CREDITED_STATUSES:
            replications += n
            given[origin_id] = given.get(origin_id, 0) + n
            received[requester_id] = received.get(requester_id, 0) + n
        elif status in IN_PROGRESS_STATUSES:
            in_progress += n
    top = sorted(
        set(given) | set(received),
        key=lambda pk: (-given.get(pk, 0), -received.get(pk, 0)),
    )[:leaders]
    nodes = _nodes(top, province)
    for pk, node in nodes.items():
        node.given, node.received = given.get(pk, 0), received.get(pk, 0)
    ordered = sorted(nodes.values(), key=lambda node: (-node.given, -node.received, node.name))
    return NetworkSummary(replications, in_progress, len(involved), ordered)


def _request_counts(province: Region | None) -> list[tuple[int, int, str, int]]:
    """(origin, requester, status, number of requests): of the nation, or of requests where
    either side belongs to the province. A deactivated region is out of the network until it
    is active again."""
    requests = ReplicationRequest.objects.filter(origin__is_active=True, requester__is_active=True)
    if province is not None:
        requests = requests.filter(
            Q(origin_id=province.pk)
            | Q(origin__province_id=province.pk)
            | Q(requester_id=province.pk)
            | Q(requester__province_id=province.pk)
        )
    return list(
        requests.order_by()
        .values("origin_id", "requester_id", "status")
        .annotate(n=Count("pk"))
        .values_list("origin_id", "requester_id", "status", "n")
    )


def _nodes(region_ids: Iterable[int], province: Region | None) -> dict[int, Node]:
    regions = Region.objects.filter(pk__in=list(region_ids)).select_related("province")
    nodes = {}
    for region in regions:
        own_province = region if region.kind == RegionKind.PROVINSI else region.province
        nodes[region.pk] = Node(
            region_id=region.pk,
            code=region.code,
            name=region.display_name,
            short_name=region.short_name,
            slug=region.slug,
            kind=region.kind,
            province_id=own_province.pk if own_province else None,
            province_name=own_province.name if own_province else "",
            inside=province is None
            or (own_province is not None and own_province.pk == province.pk),
        )
    return nodes


def most_replicated(province: Region | None = None, *, limit: int = TOP_INNOVATIONS):
    """Catalog entries with the most replicating regions (of the province's regions, if given)."""
    entries = CatalogEntry.objects.filter(replica_count__gt=0)
    if province is not None:
        entries = entries.filter(Q(province_id=province.pk) | Q(region_id=province.pk))
    return list(
        entries.select_related("region")
        .only(
            "public_id",
            "name",
            "affair_name",
            "opd_name",
            "score",
            "replica_count",
            "region__name",
            "region__kind",
            "region__slug",
            "region__code",
        )
        .order_by("-replica_count", "-score", "name")[:limit]
    )
