"""Shared wording of form choices."""

from django.utils.translation import gettext_lazy as _

# What an unchosen select shows, instead of Django's "---------".
EMPTY_CHOICE = _("— pilih —")
