"""Any change to rubric data makes every process reload it once the change is committed."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from rubric.models import GovernmentAffair, Indicator, IndicatorOption, PredicateBand, RubricYear
from rubric.selectors import forget_rubrics


def _rubric_changed(**kwargs: object) -> None:
    transaction.on_commit(forget_rubrics)


def connect() -> None:
    for model in (RubricYear, PredicateBand, Indicator, IndicatorOption, GovernmentAffair):
        post_save.connect(
            _rubric_changed, sender=model, dispatch_uid=f"rubric-save-{model.__name__}"
        )
        post_delete.connect(
            _rubric_changed, sender=model, dispatch_uid=f"rubric-delete-{model.__name__}"
        )
