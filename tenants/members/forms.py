from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """A field of the form as the choice field it is (form.fields types it as any Field)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # both forms below declare these as choice fields
    return field


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
        _choice_field(self, "role").choices = [(role, labels[role]) for role in roles]
        _choice_field(self, "opd_id").choices = [("", "—"), *opd_choices]


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"))
    opd_id = forms.TypedChoiceField(label=_("OPD"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, roles: list[str], opd_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        _choice_field(self, "role").choices = [(role, labels[role]) for role in roles]
        _choice_field(self, "opd_id").choices = [("", "—"), *opd_choices]
