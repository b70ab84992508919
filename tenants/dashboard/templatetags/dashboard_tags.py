"""How the dashboard writes stakes and gap kinds ("+0,36 poin indeks", "hingga +1,20 poin
indeks"), with the decimal separator of the active language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tenants.dashboard.selectors import GAP_KIND_LABELS

register = template.Library()
MINUS = "\u2212"


def signed_points(value: Decimal) -> str:
    """ "+0,36", "0" or a loss written with a true minus sign (never read as a hyphen)."""
    if not value:
        return "0"
    sign = "+" if value > 0 else MINUS
    return f"{sign}{number_format(abs(value), 2)}"


@register.filter
def points(value: Decimal | None) -> str:
    return signed_points(value or Decimal(0))


@register.filter
def stake(item: Any) -> str:
    """A gap's (or an innovation's) stake in index points; "hingga" when it is a maximum."""
    text = _("%(points)s poin indeks") % {"points": signed_points(item.stake)}
    if getattr(item, "up_to", False):
        return _("hingga %(stake)s") % {"stake": text}
    return text


@register.filter
def gap_kind(kind: str) -> str:
    return str(GAP_KIND_LABELS.get(kind, kind))
