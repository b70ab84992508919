"""The vocabularies of the innovation sheet, registered with their allowed values so the platform
admin can add aliases to them (imports.admin)."""

from __future__ import annotations

from functools import partial

from imports.vocabulary import register
from tenants.innovations.models import Form, Initiator, Stage
from tenants.spreadsheets.columns import DIGITAL, NON_DIGITAL


def _affairs() -> dict[str, str]:
    from rubric.models import GovernmentAffair

    return dict(GovernmentAffair.objects.values_list("code", "name"))


def register_vocabularies() -> None:
    from tenants.spreadsheets.parsing import CHOICE_VOCABULARIES, choice_labels_by_value

    for choices in (Stage, Initiator, Form):
        register(CHOICE_VOCABULARIES[choices], partial(choice_labels_by_value, choices))
    register("digital", lambda: {"true": DIGITAL, "false": NON_DIGITAL})
    register("affair", _affairs)
