"""Template helpers for ranking tables: sort links that keep the other filters."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.utils.formats import number_format

from rankings.selectors import DESCENDING_FIRST

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_query(context, key: str) -> str:
    """The current query with `urut=key`; choosing the sorted column again flips the order."""
    request = context["request"]
    ranking = context["ranking"]
    query: QueryDict = request.GET.copy()
    default_descending = key in DESCENDING_FIRST
    if ranking.sort == key:
        current = query.get("arah") or ("turun" if default_descending else "naik")
        query["arah"] = "naik" if current == "turun" else "turun"
    else:
        query.pop("arah", None)
    query["urut"] = key
    query.pop("halaman", None)  # a new order starts on its first page
    return query.urlencode()


@register.simple_tag(takes_context=True)
def sort_state(context, key: str) -> str:
    """aria-sort value of a column header."""
    request = context["request"]
    ranking = context["ranking"]
    if ranking.sort != key:
        return "none"
    arah = request.GET.get("arah") or ("turun" if key in DESCENDING_FIRST else "naik")
    return "descending" if arah == "turun" else "ascending"


@register.filter
def signed(value) -> str:
    """+2.35 / -1.10 / 0.00 for a change of index."""
    if value is None:
        return ""
    text = number_format(abs(value), 2)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"-{text}"
    return text


@register.filter
def percent(value) -> str:
    return "" if value is None else f"{value * 100:.0f}%"
