from django import forms

from tenants.organization.models import OpdUnit


class OpdUnitForm(forms.ModelForm):
    class Meta:
        model = OpdUnit
        fields = ["name", "short_name", "kind", "head_name", "contact_email", "contact_phone"]
