"""The subscription form of the webhook pages (the services check everything again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from webhooks.vocabulary import choices


class SubscriptionForm(forms.Form):
    url = forms.CharField(
        label=_("URL tujuan"),
        max_length=500,
        help_text=_("Alamat https penerima; hanya alamat publik."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(label=_("Keterangan"), max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label=_("Peristiwa"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, network: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["event_types"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices(network=network)
