from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.discussions.services import MAX_BODY


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Pesan"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sebut anggota dengan @ diikuti nama lengkap atau e-mailnya."),
    )
    attachment = forms.FileField(label=_("Lampiran (PDF/JPG/PNG)"), required=False)
    attachment_title = forms.CharField(label=_("Judul lampiran"), max_length=200, required=False)
    shared = forms.BooleanField(
        label=_("Bagikan lampiran sebagai hasil kelitbangan untuk seluruh anggota"), required=False
    )

    def __init__(self, *args, may_share: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not may_share:
            del self.fields["shared"]
