"""The graph's geometry (replication.network.layout): plain functions, no database."""

from __future__ import annotations

import math

from replication.network.layout import (
    MAX_EDGE_WIDTH,
    MIN_EDGE_WIDTH,
    EdgeInput,
    NodeInput,
    curve,
    edge_width,
    layout,
    node_slots,
)


def distance(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def test_groups_sit_together_with_one_empty_slot_between_them():
    slots, total = node_slots([3, 2, 1])
    assert slots == [0, 1, 2, 4, 5, 7]
    assert total == 9
    assert node_slots([4]) == ([0, 1, 2, 3], 4)  # one group: no gap
    assert node_slots([]) == ([], 1)


def test_nodes_lie_on_the_circle_first_at_the_top_clockwise_in_group_order():
    nodes = [
        NodeInput("banjar", "Banjar", group="kalsel"),
        NodeInput("madina", "Mandailing Natal", group="sumut"),
        NodeInput("tanbu", "Tanah Bumbu", group="kalsel"),
        NodeInput("karo", "Karo", group="sumut"),
    ]
    placed = layout(nodes, [], size=400, label_margin=100)
    assert [node.key for node in placed.nodes] == ["banjar", "tanbu", "madina", "karo"]
    center = placed.center
    for node in placed.nodes:
        assert math.isclose(distance((node.x, node.y), center), 200, abs_tol=0.2)
    top = placed.nodes[0]
    assert math.isclose(top.x, center[0], abs_tol=0.1) and top.y < center[1]
    assert top.anchor == "middle"
    # Clockwise on screen: the second node is to the right of the first.
    assert placed.nodes[1].x > top.x and placed.nodes[1].anchor == "start"
    assert [node.group_index for node in placed.nodes] == [0, 0, 1, 1]
    assert placed.view_box == "0 0 600 480"


def test_a_single_node_sits_in_the_middle():
    placed = layout([NodeInput(1, "Banjar")], [])
    (node,) = placed.nodes
    assert (node.x, node.y) == (round(placed.center[0], 1), round(placed.center[1], 1))


def test_edges_go_from_origin_to_requester_and_stop_at_the_rims():
    nodes = [NodeInput("a", "A", weight=1), NodeInput("b", "B", weight=4)]
    placed = layout(nodes, [EdgeInput("a", "b", 2), EdgeInput("b", "a", 1), EdgeInput("a", "x", 3)])
    a, b = placed.nodes
    assert len(placed.edges) == 2  # the edge to an unknown node is left out
    forward = next(edge for edge in placed.edges if edge.source == "a")
    backward = next(edge for edge in placed.edges if edge.source == "b")
    assert math.isclose(distance(forward.start, (a.x, a.y)), a.radius, abs_tol=0.01)
    assert math.isclose(distance(forward.end, (b.x, b.y)), b.radius + 3, abs_tol=0.01)
    assert forward.path.startswith("M ") and " Q " in forward.path
    # The two directions bend to opposite sides, so they never overlap.
    midpoint = ((a.x + b.x) / 2, (a.y + b.y) / 2)
    assert distance(forward.control, backward.control) > distance(forward.control, midpoint)
    assert forward.width > backward.width == MIN_EDGE_WIDTH
    assert forward.arrow >= 10
    assert b.radius > a.radius  # the busier region is drawn larger


def test_curve_trims_along_its_tangents():
    start, control, end = curve((0, 0), (100, 0), start_gap=5, end_gap=10, bend=0.1)
    assert control == (50, -10)  # left of the direction of travel (screen y points down)
    assert math.isclose(distance(start, (0, 0)), 5)
    assert math.isclose(distance(end, (100, 0)), 10)


def test_edge_width_grows_with_the_count_within_bounds():
    assert edge_width(1, 1) == MIN_EDGE_WIDTH
    assert edge_width(1, 5) == MIN_EDGE_WIDTH
    assert edge_width(5, 5) == MAX_EDGE_WIDTH
    assert MIN_EDGE_WIDTH < edge_width(3, 5) < MAX_EDGE_WIDTH
    assert edge_width(9, 5) == MAX_EDGE_WIDTH
