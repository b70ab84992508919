"""A kabupaten's winner forwarded to its province's call: copied with its attachments into the
province's schema by the `calls.forward` effect, once however often the effect runs, and judged
there like any other submission."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from accounts.models import Role
from pipeline.services import record
from tenants.calls import forwarding
from tenants.calls.models import Submission, SubmissionStatus
from tenants.calls.submissions import attachment_add
from tests.calls.helpers import open_call, public_submission
from tests.conftest import make_member
from tests.effects import apply_effects
from tests.registry.helpers import pdf


@pytest.fixture
def setting(personas, region_a, province):
    province_admin = make_member(province, Role.REGION_ADMIN, "admin@kalsel.test")
    province_call = open_call(province, province_admin, title="Krenova Kalimantan Selatan 2026")
    call = open_call(region_a, personas.admin_a)
    submission = public_submission(region_a, call, "Lumbung pangan desa")
    with tenant_context(region_a):
        submission = Submission.objects.select_related("call").get(pk=submission.pk)
    attachment_add(region=region_a, submission=submission, upload=pdf("proposal.pdf"))
    with tenant_context(region_a):
        # Set-up shortcut: the call's own flow is tested in test_call_flow.
        Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.WINNER)
        submission.refresh_from_db()
    return province_call, submission


def test_a_winner_is_copied_into_the_provinces_open_call_once(
    personas, region_a, province, setting
):
    province_call, submission = setting
    assert forwarding.province_open_calls(region_a) == [(province_call.pk, province_call.title)]
    forwarding.forward(
        region=region_a, actor=personas.admin_a, submission=submission, call_id=province_call.pk
    )
    apply_effects(only={"calls.forward"})
    with tenant_context(province):
        copy = Submission.objects.get(call=province_call)
        assert copy.title == "Lumbung pangan desa"
        assert copy.forwarded_from_region_code == region_a.code
        assert copy.forwarded_from_receipt == submission.receipt_number
        assert copy.receipt_number != submission.receipt_number
        assert copy.status == SubmissionStatus.ACTIVE
        assert copy.submitters == ["Siti Aminah", "Budi", "Rina"]
        attachment = copy.attachments.get()
        assert attachment.original_name == "proposal.pdf"
        assert attachment.file.name.startswith(province.schema_name + "/")
        with attachment.file.open("rb") as handle:
            assert handle.read().startswith(b"%PDF")

    # Forwarding again, or the effect running again, adds nothing.
    forwarding.forward(
        region=region_a, actor=personas.admin_a, submission=submission, call_id=province_call.pk
    )
    record(
        "calls.forward",
        region=region_a,
        target=f"{region_a.code}:{submission.receipt_number}:{province_call.pk}",
        payload={"submission_id": submission.pk, "call_id": province_call.pk},
    )
    apply_effects(only={"calls.forward"})
    with tenant_context(province):
        assert Submission.objects.filter(call=province_call).count() == 1


def test_only_winners_go_to_an_open_province_call_and_only_by_their_managers(
    personas, region_a, region_b, setting
):
    province_call, submission = setting
    with pytest.raises(ValidationError):
        forwarding.forward(
            region=region_a, actor=personas.admin_a, submission=submission, call_id=999999
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        forwarding.forward(
            region=region_a,
            actor=personas.admin_b,
            submission=submission,
            call_id=province_call.pk,
        )
    with tenant_context(region_a):
        Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.RANKED)
        submission.refresh_from_db()
    with pytest.raises(ValidationError):
        forwarding.forward(
            region=region_a, actor=personas.admin_a, submission=submission, call_id=province_call.pk
        )
