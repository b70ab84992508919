from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.publishing.models import DocumentKind


class ContactForm(forms.Form):
    contact_name = forms.CharField(label=_("Narahubung"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("E-mail narahubung"), required=False)
    contact_phone = forms.CharField(label=_("Telepon narahubung"), max_length=30, required=False)
    notes = forms.CharField(
        label=_("Catatan untuk daerah replikator"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Judul"), max_length=200, required=False)
    file = forms.FileField(label=_("Berkas (PDF/JPG/PNG)"))
