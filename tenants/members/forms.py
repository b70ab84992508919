from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


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
