from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """A region's people: who is a member with which role (and, for an OPD operator, which of
    the region's OPD units). The memberships themselves are platform data (accounts); choosing
    an OPD needs the region's own units, so managing members is a region capability."""

    name = "tenants.members"
    label = "members"
    verbose_name = _("Anggota daerah")
