from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from regions.models import Region


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("E-mail atau kata sandi salah. Periksa lagi, lalu coba kembali."),
        "inactive": _("Akun ini tidak aktif."),
    }


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label=_("Kata sandi baru"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return cleaned


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Alamat e-mail akun Anda"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=20,
        help_text=_("Enam angka dari aplikasi autentikator, atau salah satu kode pemulihan."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PersonalTokenForm(forms.Form):
    """A new personal API token (accounts.personal_tokens.token_create checks it again)."""

    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        help_text=_('Untuk apa token ini, agar mudah dikenali, misalnya "Dasbor provinsi".'),
    )
    expires_in_days = forms.IntegerField(
        label=_("Berlaku (hari)"),
        min_value=1,
        max_value=365,
        initial=90,
        help_text=_("Paling lama 365 hari."),
    )
    region: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Hanya untuk daerah"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("Semua daerah saya"),
        help_text=_("Bila dipilih, token hanya berlaku di alamat daerah itu."),
    )
    read_only = forms.BooleanField(
        label=_("Hanya baca (tidak dapat mengubah data)"), required=False
    )

    def __init__(self, *args, regions: QuerySet[Region], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions
