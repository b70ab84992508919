from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("E-mail atau kata sandi salah. Periksa lagi, lalu coba kembali."),
        "inactive": _("Akun ini tidak aktif."),
    }


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Peran"))
    opd_id = forms.TypedChoiceField(
        label=_("OPD (untuk operator OPD)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, roles: list[str], opd_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in roles]
        self.fields["opd_id"].choices = [("", "—"), *opd_choices]


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"))
    opd_id = forms.TypedChoiceField(label=_("OPD"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, roles: list[str], opd_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in roles]
        self.fields["opd_id"].choices = [("", "—"), *opd_choices]


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
