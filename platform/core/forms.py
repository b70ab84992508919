"""What every region capability's forms share."""

from __future__ import annotations

from typing import TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SelectWidget = TypeVar("SelectWidget", bound=forms.Select)

# What an unchosen select shows, instead of Django's "---------".
EMPTY_CHOICE = _("— pilih —")

# What a searchable select's box says (core/static/js/lumbung.js reads these attributes): the
# texts travel on the element so they are translated with the page, not written in the script.
SEARCHABLE_ATTRS = {
    "data-searchable": True,
    "data-search-placeholder": _("Ketik untuk mencari…"),
    "data-search-empty": _("Tidak ada hasil"),
    "data-search-remove": pgettext_lazy("remove a chosen option", "Hapus"),
}


def searchable(widget: SelectWidget) -> SelectWidget:
    """Mark a select (a multi-select above all: a plain one needs Ctrl-click) to become a box one
    types into to filter the options. Progressive: without the script the select works as is."""
    widget.attrs.update(SEARCHABLE_ATTRS)
    return widget


def form_errors(form: forms.Form) -> str:
    """All of a form's errors as one sentence for a flash message."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)
