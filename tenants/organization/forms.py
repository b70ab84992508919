import re

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.organization.models import Facilitator, OpdUnit

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{5,28}$")


class OpdUnitForm(forms.ModelForm):
    class Meta:
        model = OpdUnit
        fields = ["name", "short_name", "kind", "head_name", "contact_email", "contact_phone"]


class FacilitatorForm(forms.ModelForm):
    """A fasilitator inovasi of one OPD: the person Bappeda calls about the OPD's innovations."""

    class Meta:
        model = Facilitator
        fields = ["name", "position", "nip", "email", "phone"]
        error_messages = {
            "name": {"required": _("Nama fasilitator wajib diisi.")},
            "email": {"invalid": _("Alamat e-mail tidak valid.")},
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Nama fasilitator wajib diisi."))
        return name

    def clean_nip(self) -> str:
        # NIP ASN: 18 digits, often typed with spaces between its parts.
        nip = re.sub(r"\s+", "", self.cleaned_data.get("nip", ""))
        if nip and (not nip.isdigit() or len(nip) != 18):
            raise forms.ValidationError(_("NIP terdiri atas 18 angka."))
        return nip

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("Nomor telepon hanya boleh berisi angka, spasi, tanda hubung dan awalan +.")
            )
        return phone
