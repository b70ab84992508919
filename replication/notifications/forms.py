from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from replication.notifications.models import EmailPreference


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label=_("Kirim e-mail notifikasi"),
        choices=EmailPreference.choices,
        widget=forms.RadioSelect,
    )
