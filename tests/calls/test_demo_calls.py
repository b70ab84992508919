"""The demo's call: Mandailing Natal's Penjaringan Inovasi Daerah 2026 with six submissions, a
jury of three, scores, a published result and a winner accepted as a draft innovation. Loading
it again changes nothing."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from lumbung.demo.calls import TITLE, seed_calls
from lumbung.demo.people import demo_email
from tenants.calls.models import Call, CallStatus, StageScore, Submission, SubmissionStatus
from tenants.innovations.models import Innovation
from tenants.organization.models import OpdUnit
from tenants.organization.services import opd_add_standard_units
from tests.conftest import make_member, region_by_slug


def _snapshot(region) -> dict:
    with tenant_context(region):
        return {
            "calls": list(Call.objects.values_list("pk", "status")),
            "submissions": list(Submission.objects.values_list("pk", "status", "final_rank")),
            "scores": StageScore.objects.count(),
            "innovations": list(Innovation.objects.values_list("pk", "name")),
        }


def test_the_demo_call_has_a_published_result_and_an_accepted_winner(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    madina = region_by_slug("mandailing-natal")
    opd_add_standard_units(region=madina)
    with tenant_context(madina):
        dinkes = OpdUnit.objects.get(short_name="Dinkes")
    make_member(madina, Role.REGION_ADMIN, demo_email("admin.mandailing-natal"))
    make_member(
        madina, Role.OPD_OPERATOR, demo_email("operator.mandailing-natal"), opd_id=dinkes.pk
    )
    assert seed_calls([madina, region_by_slug("banjar")]) == 6
    with tenant_context(madina):
        call = Call.objects.get(title=TITLE)
        assert call.is_demo and call.status == CallStatus.PUBLISHED
        assert call.jury.count() == 3
        assert set(call.jury.values_list("affiliation_kind", flat=True)) == {
            "government",
            "academia",
            "media",
        }
        assert call.submissions.count() == 6
        assert call.submissions.filter(status=SubmissionStatus.WINNER).count() == 3
        assert call.submissions.filter(status=SubmissionStatus.ELIMINATED).count() == 1
        assert StageScore.objects.filter(has_conflict=True).exists()
        assert StageScore.objects.filter(total__isnull=False).count() > 20
        winner = call.submissions.get(final_rank=1)
        innovation = Innovation.objects.get(pk=winner.innovation_id)
        assert innovation.name == winner.title
        assert winner.follow_ups.exists()
        assert call.submissions.filter(submitter_kind="opd", opd=dinkes).exists()
    with tenant_context(region_by_slug("banjar")):
        assert not Call.objects.exists()
    before = _snapshot(madina)
    assert seed_calls([madina]) == 0
    assert _snapshot(madina) == before
