"""`{% figure_kind "estimate" %}`: the name of a kind of index figure with its explanation at
hand (core.figure_kinds), beside every such number on every page."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from core.figure_kinds import FIGURE_KINDS, FigureKind

register = template.Library()


@register.inclusion_tag("core/_figure_kind.html")
def figure_kind(code: str) -> dict[str, FigureKind]:
    # An unknown code fails the page (KeyError) rather than showing an unnamed number.
    return {"kind": FIGURE_KINDS[code]}


@register.simple_tag
def figure_kind_name(code: str) -> str:
    """The name alone, where the explanation is written out once (figure_kinds_legend)."""
    return format_html(
        '<span class="figure-kind-name" data-figure-kind="{}">{}</span>',
        code,
        FIGURE_KINDS[code].label,
    )


@register.inclusion_tag("core/_figure_kinds_legend.html")
def figure_kinds_legend(*codes: str) -> dict[str, list[FigureKind]]:
    """The named kinds with their explanations written out, for a printed page."""
    return {"kinds": [FIGURE_KINDS[code] for code in codes]}
