from __future__ import annotations

from django import template

from tenants.history.models import Change
from tenants.history.presentation import ChangeRow
from tenants.history.presentation import action_label as _action_label
from tenants.history.presentation import change_rows as _change_rows

register = template.Library()


@register.filter
def change_rows(change: Change) -> list[ChangeRow]:
    return _change_rows(change)


@register.filter
def action_label(action: str) -> str:
    return _action_label(action)
