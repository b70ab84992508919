from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.reporting.services import MAX_TARGET


class TargetForm(forms.Form):
    minimum = forms.IntegerField(
        label=_("Minimal inovasi yang dilaporkan setiap OPD"), min_value=1, max_value=MAX_TARGET
    )
    note = forms.CharField(
        label=_("Dasar penetapan (mis. hasil rakor)"), max_length=500, required=False
    )


class ReminderForm(forms.Form):
    opd = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
