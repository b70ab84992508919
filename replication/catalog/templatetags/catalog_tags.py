"""Labels of the codes a catalog entry stores (stage, form), for the catalog templates."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def stage_label(code: str) -> str:
    from tenants.innovations.models import Stage

    return str(dict(Stage.choices).get(code, code))


@register.filter
def form_label(code: str) -> str:
    from tenants.innovations.models import Form

    return str(dict(Form.choices).get(code, code))


@register.filter
def percent(share: Decimal | float | None) -> str:
    """0.85 -> "85"."""
    if share is None:
        return "0"
    return f"{Decimal(share) * 100:.0f}"


@register.simple_tag
def facet_options(name: str, values) -> SafeString:
    """The checkboxes of one facet's values, every text escaped. Rendered here, not in a template
    loop: the sidebar has a few hundred of them and this is the search page's hot path."""
    field = escape(name)
    return mark_safe(  # noqa: S308 - every interpolated text is escaped above/below
        "\n".join(
            f'<label><input type="checkbox" name="{field}" value="{escape(value.value)}"'
            f"{' checked' if value.selected else ''}> {escape(value.label)} "
            f'<span class="count">({int(value.count)})</span></label>'
            for value in values
        )
    )
