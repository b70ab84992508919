"""Rules of a complete, consistent innovation profile, shared by the form, the API and the
spreadsheet import. Consistency errors block saving; completeness gaps only block submission
(a draft may be half-written, and nothing the user typed is thrown away)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.partial_dates import DatePrecision, surely_before
from rubric.models import GovernmentAffair
from tenants.innovations.models import RANCANG_BANGUN_MIN_WORDS, Stage

# Fields the national form requires before an innovation can be submitted; a draft may lack them
# (an imported list rarely carries tahapan, inisiator, jenis, bentuk or urusan).
REQUIRED_CHOICES = ("stage", "initiator", "is_digital", "form", "affair")
REQUIRED_FOR_SUBMISSION = ("design", "goals", "benefits", "results")


def _before(data: dict[str, Any], earlier: str, later: str) -> bool:
    """`earlier` is surely before `later`, each at the precision it was written with."""
    return surely_before(
        data[earlier],
        data.get(f"{earlier}_precision") or DatePrecision.DAY,
        data[later],
        data.get(f"{later}_precision") or DatePrecision.DAY,
    )


def consistency_errors(
    data: dict[str, Any], *, affair_codes: set[str] | None = None
) -> dict[str, str]:
    """Errors that make a profile wrong, whatever its completeness. `affair_codes` (the known
    urusan codes) spares the lookup when many profiles are checked at once (the import)."""
    errors: dict[str, str] = {}
    affairs = (
        affair_codes
        if affair_codes is not None
        else set(GovernmentAffair.objects.values_list("code", flat=True))
    )
    if data.get("affair") and data["affair"] not in affairs:
        errors["affair"] = _("Urusan pemerintahan tidak dikenal.")
    unknown = [code for code in data.get("other_affairs") or [] if code not in affairs]
    if unknown:
        errors["other_affairs"] = _("Urusan tidak dikenal: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    trial, implemented = data.get("trial_started_on"), data.get("implemented_on")
    if trial and implemented and _before(data, "implemented_on", "trial_started_on"):
        errors["implemented_on"] = _("Waktu penerapan tidak boleh sebelum waktu uji coba.")
    developed = data.get("developed_on")
    if developed and implemented and _before(data, "developed_on", "implemented_on"):
        errors["developed_on"] = _("Waktu pengembangan tidak boleh sebelum waktu penerapan.")
    if (data.get("latitude") is None) != (data.get("longitude") is None):
        errors["longitude" if data.get("latitude") is not None else "latitude"] = _(
            "Isi lintang dan bujur bersama-sama."
        )
    return errors


def completeness_gaps(values: dict[str, Any]) -> dict[str, str]:
    """What the profile still lacks before it may be submitted, by field."""
    gaps: dict[str, str] = {}
    for field in REQUIRED_CHOICES:
        if values.get(field) in (None, ""):
            gaps[field] = _("Belum ditentukan; wajib diisi sebelum diajukan.")
    for field in REQUIRED_FOR_SUBMISSION:
        if not (values.get(field) or "").strip():
            gaps[field] = _("Wajib diisi sebelum diajukan.")
    # The date of the stage reached: missing is a gap of a draft, not a contradiction.
    stage = values.get("stage")
    if stage == Stage.TRIAL and not values.get("trial_started_on"):
        gaps["trial_started_on"] = _("Inovasi tahap uji coba wajib mengisi waktu uji coba.")
    if stage == Stage.IMPLEMENTATION and not values.get("implemented_on"):
        gaps["implemented_on"] = _("Inovasi tahap penerapan wajib mengisi waktu penerapan.")
    words = len((values.get("design") or "").split())
    if "design" not in gaps and words < RANCANG_BANGUN_MIN_WORDS:
        gaps["design"] = _("Rancang bangun baru %(words)d kata; minimal %(min)d kata.") % {
            "words": words,
            "min": RANCANG_BANGUN_MIN_WORDS,
        }
    return gaps
