"""What keeps a report from being verified, as the national rule has it: every mandatory (wajib)
indicator of its year answered, and the profile fields the national form requires filled. The
verify step refuses while anything is listed, and the page shows the same list to the verifier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from rubric.models import Part
from rubric.selectors import year_rubric
from tenants.innovations.models import Innovation
from tenants.innovations.validation import completeness_gaps

if TYPE_CHECKING:
    from tenants.assessment.models import Report


def verification_blockers(report: Report) -> list[str]:
    """Why `report` may not be verified yet (empty: it may). In the region's schema."""
    blockers = []
    for field, problem in completeness_gaps(vars(report.innovation)).items():
        label = str(Innovation.field_label(field))
        blockers.append(f"{label[:1].upper()}{label[1:]}: {problem}")
    rubric = year_rubric(report.year)
    if rubric is not None:
        answered = set(
            report.answers.filter(level__isnull=False).values_list("indicator_code", flat=True)
        )
        for code, indicator in rubric.indicators.items():
            if indicator.part == Part.SID and indicator.mandatory and code not in answered:
                blockers.append(
                    _("%(indicator)s (wajib) belum dijawab.")
                    % {"indicator": f"{code} {indicator.name}"}
                )
    return blockers
