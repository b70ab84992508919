"""What every region capability's forms share."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# What an unchosen select shows, instead of Django's "---------".
EMPTY_CHOICE = _("— pilih —")


def form_errors(form: forms.Form) -> str:
    """All of a form's errors as one sentence for a flash message."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        parts.append(f"{label}: {text}" if label else text)
    return " ".join(parts)
