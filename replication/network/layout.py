"""Geometry of the replication graph, as plain functions (no Django): nodes on a circle, grouped
(by province on the national view, inside/outside on a province's view), and directed edges as
gently curved paths that stop at the rim of their nodes so the arrowhead stays visible.

The template only prints the numbers computed here; nothing about the data is decided here."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

SIZE = 640  # diameter of the drawing area (SVG user units) that holds the circle of nodes
LABEL_MARGIN = 150  # room left and right of the circle for the node labels
VERTICAL_MARGIN = 40
NODE_RADIUS = 7.0
MAX_NODE_RADIUS = 14.0
MIN_EDGE_WIDTH = 1.5
MAX_EDGE_WIDTH = 7.0
ARROW_GAP = 3.0  # room between the arrow's tip and the node's rim
MIN_ARROW = 10.0  # arrowhead size; grows with the stroke so thick edges keep a visible head
BEND = 0.12  # how far an edge curves, as a share of its length (two directions never overlap)


@dataclass(frozen=True)
class NodeInput:
    key: Hashable
    label: str
    group: Hashable = None
    weight: int = 0  # activity; a busier region gets a larger dot


@dataclass(frozen=True)
class EdgeInput:
    source: Hashable
    target: Hashable
    weight: int


@dataclass(frozen=True)
class PlacedNode:
    key: Hashable
    label: str
    group: Hashable
    group_index: int
    x: float
    y: float
    radius: float
    angle: float  # radians, 0 = right, clockwise on screen (SVG's y points down)
    label_x: float
    label_y: float
    anchor: str  # text-anchor of the label: start, middle or end


@dataclass(frozen=True)
class PlacedEdge:
    source: Hashable
    target: Hashable
    weight: int
    width: float
    arrow: float  # arrowhead length and width
    path: str  # SVG path data: "M x y Q cx cy x y"
    start: tuple[float, float]
    end: tuple[float, float]
    control: tuple[float, float]


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    center: tuple[float, float]
    radius: float
    nodes: tuple[PlacedNode, ...]
    edges: tuple[PlacedEdge, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {_n(self.width)} {_n(self.height)}"


def _n(value: float) -> str:
    """A coordinate for SVG: one decimal, no trailing zeros, no '-0'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def node_slots(groups: Sequence[int]) -> tuple[list[float], int]:
    """Slot position of each node around the circle: nodes of a group are neighbours, and one
    empty slot separates consecutive groups (none with a single group). `groups` gives, in order,
    how many nodes each group has. Returns the slot of every node and the number of slots."""
    sizes = [size for size in groups if size > 0]
    gap = 1 if len(sizes) > 1 else 0
    slots: list[float] = []
    position = 0
    for size in sizes:
        slots.extend(float(position + index) for index in range(size))
        position += size + gap
    return slots, max(position, 1)


def node_radius(weight: int, largest: int) -> float:
    if largest <= 0 or weight <= 0:
        return NODE_RADIUS
    return NODE_RADIUS + (MAX_NODE_RADIUS - NODE_RADIUS) * min(weight, largest) / largest


def edge_width(weight: int, largest: int) -> float:
    """Stroke width grows linearly with the count, from MIN (one request) to MAX (the largest)."""
    if largest <= 1 or weight <= 1:
        return MIN_EDGE_WIDTH
    share = (min(weight, largest) - 1) / (largest - 1)
    return round(MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * share, 2)


def arrow_size(width: float) -> float:
    return round(max(MIN_ARROW, width * 2.4), 1)


def curve(
    a: tuple[float, float],
    b: tuple[float, float],
    *,
    start_gap: float,
    end_gap: float,
    bend: float = BEND,
) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    """A quadratic curve from a to b bending to the left of the direction a→b (so b→a bends the
    other way), trimmed by `start_gap` at a and `end_gap` at b along the curve's tangents.
    Returns (start, control, end)."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    if length == 0:
        return a, a, b
    # Left-hand normal of the direction (screen coordinates, y down).
    nx, ny = dy / length, -dx / length
    control = ((ax + bx) / 2 + nx * bend * length, (ay + by) / 2 + ny * bend * length)
    start = _towards(a, control, start_gap)
    end = _towards(b, control, end_gap)
    return start, control, end


def _towards(point: tuple[float, float], other: tuple[float, float], distance: float):
    dx, dy = other[0] - point[0], other[1] - point[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return point
    return (point[0] + dx / length * distance, point[1] + dy / length * distance)


def layout(
    nodes: Sequence[NodeInput],
    edges: Sequence[EdgeInput],
    *,
    size: float = SIZE,
    label_margin: float = LABEL_MARGIN,
) -> Layout:
    """Place `nodes` on a circle, group by group in the order given (first node at the top,
    clockwise), and route `edges` between them. Edges naming an unknown node are left out."""
    order: list[Hashable] = []
    members: dict[Hashable, list[NodeInput]] = {}
    for node in nodes:
        if node.group not in members:
            order.append(node.group)
            members[node.group] = []
        members[node.group].append(node)
    ordered = [node for group in order for node in members[group]]
    slots, total = node_slots([len(members[group]) for group in order])
    radius = size / 2
    width, height = size + 2 * label_margin, size + 2 * VERTICAL_MARGIN
    cx, cy = width / 2, height / 2
    largest = max((node.weight for node in ordered), default=0)
    group_index = {group: index for index, group in enumerate(order)}
    placed: dict[Hashable, PlacedNode] = {}
    for node, slot in zip(ordered, slots, strict=True):
        angle = -math.pi / 2 + 2 * math.pi * slot / total
        # A lone node sits in the middle rather than on the rim.
        r = radius if len(ordered) > 1 else 0.0
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        dot = node_radius(node.weight, largest)
        cos, sin = math.cos(angle), math.sin(angle)
        label_distance = dot + 6
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        label_x = x + cos * label_distance
        label_y = y + sin * label_distance + (4 if anchor != "middle" else (12 if sin > 0 else -4))
        placed[node.key] = PlacedNode(
            key=node.key,
            label=node.label,
            group=node.group,
            group_index=group_index[node.group],
            x=round(x, 1),
            y=round(y, 1),
            radius=round(dot, 1),
            angle=angle,
            label_x=round(label_x, 1),
            label_y=round(label_y, 1),
            anchor=anchor,
        )
    heaviest = max((edge.weight for edge in edges), default=0)
    routed = []
    for edge in edges:
        source, target = placed.get(edge.source), placed.get(edge.target)
        if source is None or target is None or source.key == target.key:
            continue
        edge_w = edge_width(edge.weight, heaviest)
        start, control, end = curve(
            (source.x, source.y),
            (target.x, target.y),
            start_gap=source.radius,
            end_gap=target.radius + ARROW_GAP,
        )
        routed.append(
            PlacedEdge(
                source=edge.source,
                target=edge.target,
                weight=edge.weight,
                width=edge_w,
                arrow=arrow_size(edge_w),
                path=(
                    f"M {_n(start[0])} {_n(start[1])} "
                    f"Q {_n(control[0])} {_n(control[1])} {_n(end[0])} {_n(end[1])}"
                ),
                start=start,
                end=end,
                control=control,
            )
        )
    # Thin edges last, so they stay visible on top of thick ones.
    routed.sort(key=lambda item: -item.width)
    return Layout(
        width=width,
        height=height,
        center=(cx, cy),
        radius=radius,
        nodes=tuple(placed[node.key] for node in ordered),
        edges=tuple(routed),
    )
