"""Every route of a region's site, pages and API alike, taken from the URL configuration itself,
is walked as the people who must be refused: an anonymous visitor, a signed-in stranger, an admin
of another region, and (for what belongs to one OPD) the operator of another OPD. Each answers
with a refusal (a login redirect, 401, 403 or 404) and changes nothing. Every route must be
declared in ROUTES with who it is for, so a new route cannot ship without this check; for the
pages each role of the region may open, the answer must agree with the policy.

Region A = Banjar (the data), region B = Tanah Bumbu (the other region)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role
from accounts.policy import Action, can, may_edit_some_innovation
from tenants.lab.access import may_work_in_lab
from tests.conftest import make_member, make_opd, make_user, region_by_slug
from tests.lab.helpers import ideas_and_lab_objects

# Who a route is for:
#   "public"    anyone, signed in or not (the catalog, rankings, sign-in, health)
#   "signed_in" any signed-in person, about their own things (notifications, their regions)
#   "member"    members of the region (an Action narrows it further on the route itself)
#   "opd"       members who may see the OPD the object belongs to
# and, for routes taking an object, which of the fixtures' objects fills its path.
PUBLIC, SIGNED_IN, MEMBER, OPD = "public", "signed_in", "member", "opd"
ROUTES: dict[str, tuple[str, Action | Callable | None, str]] = {
    # name: (audience, the policy's answer to "may they open it" (an action or one of its
    # combined rules), object in the path)
    "home": (MEMBER, Action.VIEW_REGION, ""),
    "healthz": (PUBLIC, None, ""),
    "favicon": (PUBLIC, None, ""),
    "set_language": (PUBLIC, None, ""),
    "accounts:login": (PUBLIC, None, ""),
    "accounts:logout": (PUBLIC, None, ""),
    "accounts:handoff": (PUBLIC, None, ""),
    "accounts:accept_invitation": (PUBLIC, None, "token"),
    "accounts:password_reset": (PUBLIC, None, ""),
    "accounts:password_reset_confirm": (PUBLIC, None, "reset_link"),
    "accounts:password_reset_complete": (PUBLIC, None, ""),
    "accounts:verify": (SIGNED_IN, None, ""),
    "accounts:security": (SIGNED_IN, None, ""),
    "accounts:api_tokens": (SIGNED_IN, None, ""),
    "accounts:my_regions": (SIGNED_IN, None, ""),
    "accounts:switch_region": (SIGNED_IN, None, "slug"),
    "members:list": (MEMBER, Action.MANAGE_MEMBERS, ""),
    "members:second_factor_rule": (MEMBER, None, ""),
    "members:update": (MEMBER, None, "membership"),
    "members:remove": (MEMBER, None, "membership"),
    "organization:list": (MEMBER, Action.VIEW_REGION, ""),
    "organization:edit": (MEMBER, Action.MANAGE_OPD, "unit"),
    "organization:delete": (MEMBER, None, "unit"),
    "organization:facilitator_add": (MEMBER, None, "unit"),
    "organization:facilitator_edit": (MEMBER, Action.MANAGE_OPD, "facilitator"),
    "organization:facilitator_delete": (MEMBER, None, "facilitator"),
    "organization:add_standard": (MEMBER, None, ""),
    "innovations:list": (MEMBER, Action.VIEW_REGION, ""),
    "innovations:create": (MEMBER, None, ""),
    "innovations:carry_over_all": (MEMBER, None, ""),
    "innovations:detail": (OPD, None, "innovation"),
    "innovations:edit": (OPD, None, "innovation"),
    "innovations:delete": (OPD, None, "innovation"),
    "innovations:print": (OPD, None, "innovation"),
    "innovations:carry_over": (OPD, None, "innovation"),
    "innovations:transition": (OPD, None, "innovation_transition"),
    "innovations:document": (OPD, None, "innovation_document"),
    "assessment:spd": (MEMBER, Action.VIEW_REGION, ""),
    "assessment:answer": (MEMBER, None, ""),
    "assessment:evidence_add": (OPD, None, "answer"),
    "assessment:evidence_download": (OPD, None, "evidence"),
    "assessment:evidence_remove": (OPD, None, "evidence"),
    "assessment:evidence_review": (OPD, None, "evidence"),
    "dashboard:index": (MEMBER, Action.VIEW_REGION, ""),
    "dashboard:readiness": (MEMBER, Action.VIEW_REGION, ""),
    "history:list": (MEMBER, Action.VIEW_HISTORY, ""),
    "history:export": (MEMBER, Action.VIEW_HISTORY, ""),
    "spreadsheets:index": (MEMBER, Action.VIEW_REGION, ""),
    "spreadsheets:run": (MEMBER, None, "run"),
    "spreadsheets:template": (MEMBER, may_edit_some_innovation, ""),
    "spreadsheets:export": (MEMBER, Action.VIEW_REGION, ""),
    "spreadsheets:package": (MEMBER, None, ""),
    "catalog:search": (PUBLIC, None, ""),
    "catalog:detail": (PUBLIC, None, "entry"),
    "catalog:document": (PUBLIC, None, "entry_document"),
    "requests:inbox": (MEMBER, Action.VIEW_REGION, ""),
    "requests:create": (MEMBER, Action.MANAGE_REPLICATION, "entry"),
    "requests:detail": (MEMBER, Action.VIEW_REGION, "request"),
    "requests:lineage": (OPD, None, "innovation_lineage"),
    "requests:transition": (MEMBER, None, "request_transition"),
    "requests:document": (MEMBER, Action.VIEW_REGION, "request_document"),
    "publishing:publish": (OPD, None, "innovation"),
    "publishing:unpublish": (OPD, None, "innovation"),
    "publishing:document_add": (OPD, None, "innovation"),
    "publishing:document": (OPD, None, "publication_document"),
    "publishing:document_remove": (OPD, None, "publication_document"),
    "rankings:national": (PUBLIC, None, ""),
    "rankings:export": (PUBLIC, None, "format"),
    "rankings:province": (PUBLIC, None, "province"),
    "rankings:province-export": (PUBLIC, None, "province_format"),
    "rankings:province-report": (PUBLIC, None, "province"),
    "rankings:region": (PUBLIC, None, "region"),
    "catalog:region-entries": (PUBLIC, None, "region"),
    "catalog:publication-link": (MEMBER, Action.PUBLISH_INNOVATION, "innovation_lineage"),
    "network:national": (PUBLIC, None, ""),
    "network:province": (PUBLIC, None, "province"),
    "network:summary": (PUBLIC, None, ""),
    "network:suggestions": (MEMBER, Action.VIEW_REGION, ""),
    "notifications:list": (SIGNED_IN, None, ""),
    "notifications:read_all": (SIGNED_IN, None, ""),
    "notifications:settings": (SIGNED_IN, None, ""),
    "notifications:open": (SIGNED_IN, None, "notification"),
    "notifications:read": (SIGNED_IN, None, "notification"),
    # OPD reporting, the facilitators' programme and discussions
    "reporting:index": (MEMBER, Action.VIEW_ALL_INNOVATIONS, ""),
    "reporting:target": (MEMBER, None, "year"),
    "reporting:remind": (MEMBER, None, "year"),
    "reporting:trend": (MEMBER, Action.VIEW_REGION, ""),
    "programme:list": (MEMBER, Action.VIEW_REGION, ""),
    "programme:create": (MEMBER, Action.MANAGE_PROGRAMME, ""),
    "programme:detail": (MEMBER, Action.VIEW_REGION, "event"),
    "programme:edit": (MEMBER, Action.MANAGE_PROGRAMME, "event"),
    "programme:delete": (MEMBER, None, "event"),
    "programme:attendance_add": (MEMBER, None, "event"),
    "programme:attendance_remove": (MEMBER, None, "event_attendance"),
    "programme:material_add": (MEMBER, None, "event"),
    "programme:material": (MEMBER, Action.VIEW_REGION, "event_material"),
    "programme:material_remove": (MEMBER, None, "event_material"),
    "programme:minutes": (MEMBER, None, "event"),
    "programme:minutes_file": (MEMBER, Action.VIEW_REGION, "event"),
    "api:programme-attendance-detail": (MEMBER, None, "event_attendance"),
    "api:programme-material": (MEMBER, None, "event_material"),
    "api:programme-material-download": (MEMBER, Action.VIEW_REGION, "event_material"),
    "api:programme-minutes-file": (MEMBER, Action.VIEW_REGION, "event"),
    "discussions:index": (MEMBER, None, ""),
    "discussions:innovation": (OPD, None, "innovation"),
    "discussions:innovation_section": (OPD, None, "innovation"),
    "discussions:opd": (OPD, None, "unit"),
    "discussions:attachment": (OPD, None, "post"),
    "discussions:post_delete": (OPD, None, "post"),
    "api:discussion-list": (MEMBER, None, ""),
    "api:discussion-post": (OPD, None, "post"),
    "api:discussion-post-attachment": (OPD, None, "post"),
    "discussions:kelitbangan": (MEMBER, Action.VIEW_REGION, ""),
    "ideas:list": (MEMBER, Action.VIEW_REGION, ""),
    "ideas:public_submit": (PUBLIC, None, ""),
    "ideas:public_status": (PUBLIC, None, ""),
    "api:idea-public-submit": (PUBLIC, None, ""),
    "api:idea-receipt": (PUBLIC, None, "idea_receipt"),
    "ideas:triage": (MEMBER, Action.MANAGE_IDEAS, ""),
    "ideas:detail": (MEMBER, None, "idea"),
    "ideas:triage_idea": (MEMBER, None, "idea"),
    "ideas:adopt": (MEMBER, None, "idea"),
    "lab:list": (MEMBER, Action.VIEW_REGION, ""),
    "lab:create": (MEMBER, may_work_in_lab, ""),
    "lab:detail": (OPD, None, "lab_project"),
    "lab:document_add": (OPD, None, "lab_project"),
    "lab:document": (OPD, None, "lab_document"),
    "lab:document_remove": (OPD, None, "lab_document"),
    "lab:advance": (OPD, None, "lab_project"),
    "lab:to_innovation": (OPD, None, "lab_project"),
    "lab:commitments": (MEMBER, Action.VIEW_REGION, ""),
    "lab:commitment_file": (OPD, None, "commitment"),
    "lab:commitment_evidence": (OPD, None, "commitment"),
    # API
    "api:current-region": (MEMBER, Action.VIEW_REGION, ""),
    "api:member-list": (MEMBER, Action.MANAGE_MEMBERS, ""),
    "api:member-detail": (MEMBER, Action.MANAGE_MEMBERS, "membership"),
    "api:second-factor-rule": (MEMBER, Action.MANAGE_MEMBERS, ""),
    "api:opd-list": (MEMBER, Action.VIEW_REGION, ""),
    "api:opd-detail": (MEMBER, Action.VIEW_REGION, "unit"),
    "api:opd-standard-units": (MEMBER, Action.MANAGE_OPD, ""),
    "api:facilitator-list": (MEMBER, Action.VIEW_REGION, ""),
    "api:facilitator-detail": (MEMBER, Action.VIEW_REGION, "facilitator"),
    "api:innovation-list": (MEMBER, Action.VIEW_REGION, ""),
    "api:innovation-detail": (OPD, None, "innovation"),
    "api:innovation-budget-document": (OPD, None, "innovation"),
    "api:innovation-business-profile": (OPD, None, "innovation"),
    "api:report-list": (MEMBER, Action.VIEW_REGION, ""),
    "api:report-detail": (OPD, None, "report"),
    "api:report-carry-over": (MEMBER, Action.MANAGE_OPD, ""),
    "api:innovation-reports": (OPD, None, "innovation"),
    "api:report-transitions": (OPD, None, "report"),
    "api:report-answers": (OPD, None, "report"),
    "api:region-answer-list": (MEMBER, Action.VIEW_REGION, ""),
    "api:answer-detail": (OPD, None, "answer"),
    "api:answer-evidence": (OPD, None, "answer"),
    "api:evidence-detail": (OPD, None, "evidence"),
    "api:evidence-download": (OPD, None, "evidence"),
    "api:evidence-review": (OPD, None, "evidence"),
    "api:scores": (MEMBER, Action.VIEW_REGION, ""),
    "api:readiness": (MEMBER, Action.VIEW_REGION, ""),
    "api:history": (MEMBER, Action.VIEW_HISTORY, ""),
    "api:history-feed": (MEMBER, Action.VIEW_HISTORY, ""),
    "api:publication": (OPD, None, "innovation"),
    "api:innovation-import-list": (MEMBER, None, ""),
    "api:innovation-import": (MEMBER, None, "run"),
    "api:innovation-import-confirm": (MEMBER, None, "run"),
    "api:innovation-import-template": (MEMBER, may_edit_some_innovation, ""),
    "api:innovation-export": (MEMBER, Action.VIEW_REGION, ""),
    # Export jobs: the door is VIEW_REGION; the kind's own rule, and only the author, inside.
    "api:export-job-list": (MEMBER, Action.VIEW_REGION, ""),
    "api:export-job": (MEMBER, None, "export_job"),
    "api:export-job-file": (MEMBER, None, "export_job"),
    "api:publication-documents": (OPD, None, "innovation"),
    "api:publication-document": (OPD, None, "publication_document"),
    "api:rubric-year-list": (PUBLIC, None, ""),
    "api:rubric-year-detail": (PUBLIC, None, "year"),
    "api:rubric-indicator-list": (PUBLIC, None, "year"),
    "api:catalog-list": (PUBLIC, None, ""),
    "api:catalog-detail": (PUBLIC, None, "entry"),
    "api:rankings": (PUBLIC, None, ""),
    "api:ranking-trends": (PUBLIC, None, ""),
    "api:ranking-snapshots": (PUBLIC, None, ""),
    "api:replication-requests": (MEMBER, Action.VIEW_REGION, ""),
    "api:replication-request-detail": (MEMBER, Action.VIEW_REGION, "request"),
    "api:replication-request-transitions": (MEMBER, None, "request"),
    "api:replication-request-document": (MEMBER, Action.VIEW_REGION, "request_document"),
    "api:replication-lineage": (OPD, None, "innovation_lineage"),
    "api:replication-suggestions": (MEMBER, Action.VIEW_REGION, ""),
    "api:notification-list": (SIGNED_IN, None, ""),
    "api:notification-settings": (SIGNED_IN, None, ""),
    "api:idea-list": (MEMBER, Action.VIEW_REGION, ""),
    "api:idea-detail": (MEMBER, None, "idea"),
    "api:idea-triage": (MEMBER, Action.MANAGE_IDEAS, "idea"),
    "api:idea-adopt": (MEMBER, None, "idea"),
    "api:lab-project-list": (MEMBER, Action.VIEW_REGION, ""),
    "api:lab-project-detail": (OPD, None, "lab_project"),
    "api:lab-project-advance": (OPD, None, "lab_project"),
    "api:lab-project-innovation": (OPD, None, "lab_project"),
    "api:lab-project-documents": (OPD, None, "lab_project"),
    "api:lab-project-document-download": (OPD, None, "lab_document"),
    "api:lab-project-document": (OPD, None, "lab_document"),
    "api:lab-commitment-evidence": (OPD, None, "commitment"),
    "api:lab-commitment-list": (MEMBER, Action.VIEW_REGION, ""),
    "api:lab-commitment-download": (OPD, None, "commitment"),
    "api:my-memberships": (SIGNED_IN, None, ""),
    "api:token": (PUBLIC, None, ""),
    "api:token-list": (SIGNED_IN, None, ""),
    "api:token-revoke": (SIGNED_IN, None, "personal_token"),
    "api:health": (PUBLIC, None, ""),
    "api:schema": (PUBLIC, None, ""),
    "api:changelog": (PUBLIC, None, ""),
    "api:docs": (PUBLIC, None, ""),
    "api:redoc": (PUBLIC, None, ""),
    # Calls for innovations (penjaringan, kompetisi)
    "calls:public_list": (PUBLIC, None, ""),
    "calls:public_detail": (PUBLIC, None, "call"),
    "calls:submitted": (PUBLIC, None, "call"),
    "calls:object": (PUBLIC, None, "call"),
    "calls:receipt": (PUBLIC, None, ""),
    "calls:manage": (MEMBER, Action.MANAGE_CALLS, ""),
    "calls:create": (MEMBER, Action.MANAGE_CALLS, ""),
    "calls:manage_detail": (MEMBER, Action.MANAGE_CALLS, "call"),
    "calls:edit": (MEMBER, Action.MANAGE_CALLS, "call"),
    "calls:step": (MEMBER, None, "call_step"),
    "calls:jury_add": (MEMBER, None, "call"),
    "calls:jury_remove": (MEMBER, None, "call_juror"),
    "calls:criteria": (MEMBER, None, "call"),
    "calls:submission": (MEMBER, Action.MANAGE_CALLS, "call_submission"),
    "calls:accept": (MEMBER, None, "call_submission"),
    "calls:follow_up": (MEMBER, None, "call_submission"),
    "calls:forward": (MEMBER, None, "call_submission"),
    "calls:objection_decide": (MEMBER, None, "call_objection"),
    "calls:attachment": (MEMBER, None, "call_attachment"),
    "calls:jury_home": (MEMBER, Action.JUDGE_CALLS, ""),
    "calls:jury_call": (MEMBER, None, "call"),
    "calls:jury_score": (MEMBER, None, "call_submission"),
    "api:call-list": (PUBLIC, None, ""),
    "api:call-detail": (PUBLIC, None, "call"),
    "api:call-submit": (PUBLIC, None, "call"),
    "api:call-submissions": (MEMBER, Action.MANAGE_CALLS, "call"),
    "api:call-receipt": (PUBLIC, None, "call_receipt"),
    "api:call-receipt-attachments": (PUBLIC, None, "call_receipt"),
    "api:call-jury-declaration": (MEMBER, None, "call_submission"),
    "api:call-jury-scores": (MEMBER, None, "call_submission"),
    "api:call-step": (MEMBER, None, "call_step"),
    "api:call-jury": (MEMBER, Action.MANAGE_CALLS, "call"),
    "api:call-juror": (MEMBER, None, "call_juror"),
    "api:call-criteria": (MEMBER, None, "call"),
    "api:call-criterion": (MEMBER, None, "call_criterion"),
    "api:call-object": (PUBLIC, None, "call"),
    "api:call-submission": (MEMBER, Action.MANAGE_CALLS, "call_submission"),
    "api:call-attachment": (MEMBER, None, "call_attachment"),
    "api:call-accept": (MEMBER, None, "call_submission"),
    "api:call-follow-up": (MEMBER, None, "call_submission"),
    "api:call-forward": (MEMBER, None, "call_submission"),
    "api:call-objection-decision": (MEMBER, None, "call_objection"),
    "api:reporting": (MEMBER, Action.VIEW_ALL_INNOVATIONS, ""),
    "api:reporting-target": (MEMBER, None, "year"),
    "api:reporting-reminders": (MEMBER, None, ""),
    "api:reporting-trend": (MEMBER, Action.VIEW_REGION, ""),
    "api:programme-events": (MEMBER, Action.VIEW_REGION, ""),
    "api:programme-event": (MEMBER, Action.VIEW_REGION, "event"),
    "api:programme-attendance": (MEMBER, Action.VIEW_REGION, "event"),
    "api:programme-materials": (MEMBER, Action.VIEW_REGION, "event"),
    "api:programme-minutes": (MEMBER, None, "event"),
    "api:discussion-innovation-posts": (OPD, None, "innovation"),
    "api:discussion-opd-posts": (OPD, None, "unit"),
    "api:discussion-kelitbangan": (MEMBER, Action.VIEW_REGION, ""),
    # Webhooks (region admins)
    "api:webhook-list": (MEMBER, Action.MANAGE_WEBHOOKS, ""),
    "api:webhook-detail": (MEMBER, None, "webhook"),
    "api:webhook-rotate-secret": (MEMBER, None, "webhook"),
    "api:webhook-test": (MEMBER, None, "webhook"),
    "api:webhook-deliveries": (MEMBER, None, "webhook"),
    "webhooks:list": (MEMBER, Action.MANAGE_WEBHOOKS, ""),
    "webhooks:create": (MEMBER, Action.MANAGE_WEBHOOKS, ""),
    "webhooks:detail": (MEMBER, None, "webhook"),
    "webhooks:edit": (MEMBER, None, "webhook"),
    "webhooks:rotate": (MEMBER, None, "webhook"),
    "webhooks:delete": (MEMBER, None, "webhook"),
    "webhooks:test": (MEMBER, None, "webhook"),
}
REFUSED = {302, 401, 403, 404, 405}


def named_routes(urlconf: str) -> list[tuple[str, str]]:
    """(name, pattern) of every named route of a URL configuration, namespaces included."""

    def walk(patterns, prefix="", namespace=""):
        for item in patterns:
            if isinstance(item, URLResolver):
                inner = namespace
                if item.namespace:
                    inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
                yield from walk(item.url_patterns, prefix + str(item.pattern), inner)
            elif isinstance(item, URLPattern) and item.name:
                name = f"{namespace}:{item.name}" if namespace else item.name
                yield name, prefix + str(item.pattern)

    return list(walk(get_resolver(urlconf).url_patterns))


def region_routes() -> list[tuple[str, str]]:
    """(name, pattern) of every named route of a region's site."""

    return [
        (name, pattern)
        for name, pattern in named_routes("lumbung.urls_region")
        if not pattern.startswith(("static", "media"))
    ]


def test_every_route_of_a_regions_site_is_declared():
    names = {name for name, _pattern in region_routes()}
    assert names - set(ROUTES) == set(), "declare who the new route is for in ROUTES"
    assert set(ROUTES) - names == set(), "a declared route no longer exists"


@pytest.fixture
def world(personas, region_a, region_b):
    """Region A's objects of every kind a route can point at, all of OPD A (Dinkes)."""
    from accounts.personal_tokens import token_create
    from replication.catalog.models import CatalogEntry
    from replication.notifications.models import Notification
    from replication.requests.services import request_create
    from tenants.assessment.models import Answer, Evidence
    from tenants.innovations.models import Innovation
    from tenants.organization.models import Facilitator
    from tenants.publishing.services import add_document
    from tests.registry.helpers import pdf
    from tests.replication.helpers import letter, published_entry

    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    with tenant_context(region_a):
        innovation = Innovation.objects.get(pk=entry.innovation_id)
    publication_document = add_document(
        region=region_a,
        actor=personas.admin_a,
        innovation=innovation,
        kind="sop",
        title="SOP",
        upload=pdf("sop.pdf"),
    )
    request = request_create(region=region_b, actor=personas.admin_b, entry=entry, letter=letter())
    with tenant_context(region_a):
        answer = Answer.objects.filter(report__innovation_id=entry.innovation_id).first()
        evidence = Evidence.objects.filter(answer=answer).first()
        report = answer.report
        facilitator = Facilitator.objects.create(opd=personas.opd_a, name="Fasilitator Dinkes")
    notification = Notification.objects.create(
        user=personas.admin_a, region=region_a, kind="test", title="Milik admin Banjar"
    )
    other_opd = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    webhook = _webhook(region_a, personas)
    programme = _programme_objects(region_a, personas, entry.innovation_id, facilitator)
    lab = ideas_and_lab_objects(region_a, personas)
    admin_membership = Membership.objects.get(user=personas.admin_a, region=region_a)
    values = {
        **lab,
        "innovation": {"pk": entry.innovation_id},
        "innovation_lineage": {"innovation_id": entry.innovation_id},
        "innovation_transition": {"pk": entry.innovation_id, "name": "return"},
        "innovation_document": {"pk": entry.innovation_id, "field": "budget_document"},
        "report": {"pk": report.pk},
        "answer": {"answer_id": answer.pk, "pk": answer.pk},
        "evidence": {"evidence_id": evidence.pk, "pk": evidence.pk},
        "unit": {"unit_id": personas.opd_a.pk, "pk": personas.opd_a.pk},
        "facilitator": {
            "unit_id": personas.opd_a.pk,
            "facilitator_id": facilitator.pk,
            "pk": facilitator.pk,
        },
        "membership": {
            "membership_id": admin_membership.pk,
            "pk": admin_membership.pk,
        },
        "entry": {"public_id": entry.public_id},
        "entry_document": {"public_id": entry.public_id, "doc_id": publication_document.pk},
        "publication_document": {"pk": entry.innovation_id, "doc_id": publication_document.pk},
        "request": {"pk": request.pk},
        "request_transition": {"pk": request.pk, "name": "accept"},
        "request_document": {"pk": request.pk, "doc_id": request.documents.first().pk},
        "notification": {"pk": notification.pk},
        "webhook": {"pk": webhook.pk},
        "run": {"run_id": uuid.uuid4()},
        "export_job": {"job_id": uuid.uuid4()},
        "token": {"token": "bukan-undangan"},
        "personal_token": {"pk": token_create(user=personas.admin_a, name="Uji")[0].pk},
        "reset_link": {"uidb64": "MQ", "token": "bukan-tautan"},
        "slug": {"slug": region_a.slug},
        "idea_receipt": {"code": "ABCD-EFGH-JK"},
        "year": {"year": 2026},
        "format": {"fmt": "csv"},
        "province": {"province_slug": "provinsi-kalimantan-selatan"},
        "province_format": {"province_slug": "provinsi-kalimantan-selatan", "fmt": "csv"},
        "region": {"region_slug": region_a.slug},
        **programme,
        **_calls_objects(region_a, personas),
        "": {},
    }
    strangers = {
        "anonymous": None,
        "outsider": personas.outsider,
        "admin of another region": personas.admin_b,
        # Kalimantan Selatan's viewer sees Banjar in the province's figures, not its workspace.
        "province viewer": personas.province_viewer,
        "viewer of another province": make_member(
            region_by_slug("provinsi-sumatera-utara"),
            Role.PROVINCE_VIEWER,
            "pemantau@sumut.test",
        ),
    }
    other_opd_operator = make_member(
        region_a, Role.OPD_OPERATOR, "operator-disdik@banjar.test", opd_id=other_opd.pk
    )
    return {
        "values": values,
        "strangers": strangers,
        "other_opd_operator": other_opd_operator,
        "catalog_entries": CatalogEntry.objects.count(),
    }


def _webhook(region_a, personas):
    """A webhook subscription of region A, with one delivery in its log."""
    from webhooks.services import send_test, subscription_create

    subscription, _secret = subscription_create(
        region=region_a,
        actor=personas.admin_a,
        url="http://127.0.0.1:9/hook",
        event_types=["innovation.published"],
    )
    send_test(region=region_a, actor=personas.admin_a, subscription=subscription)
    return subscription


def _programme_objects(region_a, personas, innovation_id: int, facilitator) -> dict:
    """A learning event with an attendance and a material, and a discussion post with an
    attachment that is not shared (only the thread's people may read it), of OPD A."""
    from django.utils import timezone

    from tenants.discussions.access import place_for
    from tenants.discussions.services import post_create
    from tenants.programme.services import attendance_record, event_create, material_add
    from tests.registry.helpers import pdf

    event = event_create(
        region=region_a,
        actor=personas.admin_a,
        data={"kind": "workshop", "title": "Workshop", "starts_at": timezone.now()},
        invited=[personas.opd_a],
    )
    attendance = attendance_record(
        region=region_a, actor=personas.admin_a, event=event, facilitator=facilitator
    )
    material = material_add(
        region=region_a, actor=personas.admin_a, event=event, title="Modul", upload=pdf()
    )
    with tenant_context(region_a):
        place = place_for(personas.admin_a, region_a, "innovation", innovation_id)
    post = post_create(
        region=region_a, author=personas.admin_a, place=place, body="Catatan", upload=pdf()
    )
    return {
        "event": {"pk": event.pk},
        "event_attendance": {"pk": event.pk, "attendance_id": attendance.pk},
        "event_material": {"pk": event.pk, "material_id": material.pk},
        "post": {"post_id": post.pk, "pk": post.pk},
    }


def _calls_objects(region_a, personas) -> dict:
    """An open call of region A with a juror, a submission with an attachment and an
    objection."""
    from tenants.calls.models import Objection
    from tenants.calls.submissions import attachment_add
    from tests.calls.helpers import open_call, public_submission, seat_jurors
    from tests.registry.helpers import pdf

    call = open_call(region_a, personas.admin_a)
    submission = public_submission(region_a, call, "Lumbung pangan desa")
    (juror_user,) = seat_jurors(region_a, personas.admin_a, call, count=1)
    with tenant_context(region_a):
        submission.refresh_from_db()
    attachment = attachment_add(region=region_a, submission=submission, upload=pdf())
    with tenant_context(region_a):
        juror = call.jury.get(user_id=juror_user.pk)
        criterion = call.criteria.first()
        objection = Objection.objects.create(
            submission=submission, claimant_name="Warga", claimant_contact="w@x.test", reason="-"
        )
    return {
        "call": {"pk": call.pk},
        "call_step": {"pk": call.pk, "name": "judge"},
        "call_juror": {"pk": call.pk, "juror_id": juror.pk},
        "call_criterion": {"pk": call.pk, "criterion_id": criterion.pk},
        "call_submission": {"pk": submission.pk},
        "call_objection": {"pk": objection.pk},
        "call_attachment": {"pk": submission.pk, "attachment_id": attachment.pk},
        "call_receipt": {"receipt_number": submission.receipt_number},
    }


def _url(name: str, pattern: str, values: dict) -> str:
    from django.urls import reverse

    _audience, _action, kind = ROUTES[name]
    arguments = {
        key: value
        for key, value in values[kind].items()
        if f"<{key}>" in pattern or f":{key}>" in pattern
    }
    return reverse(name, urlconf="lumbung.urls_region", kwargs=arguments)


def _changed_nothing(region_a, before: dict) -> dict:
    from replication.notifications.models import Notification
    from replication.requests.models import ReplicationRequest
    from tenants.assessment.models import Answer, Evidence, Report
    from tenants.innovations.models import Innovation
    from tenants.organization.models import Facilitator, OpdUnit
    from webhooks.models import WebhookDelivery, WebhookSubscription

    with tenant_context(region_a):
        now = {
            "innovations": list(Innovation.objects.values_list("pk", "name", "opd_id")),
            "reports": list(Report.objects.values_list("pk", "status")),
            "answers": Answer.objects.count(),
            "evidence": list(Evidence.objects.values_list("pk", "status")),
            "units": OpdUnit.objects.count(),
            "facilitators": Facilitator.objects.count(),
        }
    now["requests"] = list(ReplicationRequest.objects.values_list("pk", "status"))
    now["notifications"] = list(Notification.objects.values_list("pk", "read_at"))
    now["memberships"] = list(Membership.objects.values_list("pk", "role"))
    now["webhooks"] = list(
        WebhookSubscription.objects.values_list("pk", "url", "secret", "is_active", "event_types")
    )
    now["webhook_deliveries"] = WebhookDelivery.objects.count()
    if before:
        assert now == before
    return now


def _answer(client, method: str, url: str, *, api: bool):
    if method == "get":
        return client.get(url)
    if api:
        return client.generic(method.upper(), url, "{}", content_type="application/json")
    return client.post(url, {})


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_strangers_are_refused_on_every_route_and_change_nothing(
    world, region_a, client_for, api_for, method
):
    before = _changed_nothing(region_a, {})
    checked = 0
    for name, pattern in region_routes():
        audience, _action, _kind = ROUTES[name]
        if audience == PUBLIC:
            continue
        api = name.startswith("api:")
        if not api and method in ("patch", "delete"):
            continue
        url = _url(name, pattern, world["values"])
        for who, user in world["strangers"].items():
            if audience == SIGNED_IN and user is not None:
                continue  # their own (empty) notifications and regions
            client = api_for(user, region_a) if api else client_for(user, region_a)
            response = _answer(client, method, url, api=api)
            assert response.status_code in REFUSED, (who, method, name, response.status_code)
            if response.status_code == 302:
                assert "/akun/masuk/" in response["Location"], (who, method, name)
            checked += 1
    assert checked > (150 if method in ("get", "post") else 60)  # the walk reached them all
    _changed_nothing(region_a, before)


@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_the_operator_of_another_opd_is_refused_on_every_object_of_this_one(
    world, region_a, client_for, api_for, method
):
    before = _changed_nothing(region_a, {})
    user = world["other_opd_operator"]
    checked = 0
    for name, pattern in region_routes():
        audience, _action, _kind = ROUTES[name]
        if audience != OPD:
            continue
        api = name.startswith("api:")
        if not api and method in ("patch", "delete"):
            continue
        url = _url(name, pattern, world["values"])
        client = api_for(user, region_a) if api else client_for(user, region_a)
        response = _answer(client, method, url, api=api)
        assert response.status_code in (403, 404, 405), (method, name, response.status_code)
        checked += 1
    assert checked >= 10
    _changed_nothing(region_a, before)


def test_each_role_opens_the_pages_the_policy_gives_it(world, personas, region_a, client_for):
    roles = {
        "admin": personas.admin_a,
        "verifier": personas.verifier_a,
        "operator": personas.operator_a,
        "leader": personas.leader_a,
        "platform": personas.platform_admin,
        "stranger": make_user("tamu@contoh.test"),
    }
    for name, pattern in region_routes():
        _audience, action, kind = ROUTES[name]
        if action is None or name.startswith("api:") or kind:
            continue
        url = _url(name, pattern, world["values"])
        for who, user in roles.items():
            response = client_for(user, region_a).get(url)
            allowed = (
                can(user, action, region_a)
                if isinstance(action, Action)
                else action(user, region_a)
            )
            assert (response.status_code in (200, 302)) == allowed, (
                who,
                name,
                response.status_code,
            )
            if response.status_code == 302:
                assert "/akun/masuk/" not in response["Location"], (who, name)


def test_members_of_a_deactivated_region_are_refused_everywhere_but_their_own_things(
    world, personas, region_a, client_for, api_for
):
    from regions.models import Region

    Region.objects.filter(pk=region_a.pk).update(is_active=False)
    region_a.refresh_from_db()
    checked = 0
    for name, pattern in region_routes():
        audience, _action, _kind = ROUTES[name]
        if audience in (PUBLIC, SIGNED_IN):
            continue
        api = name.startswith("api:")
        url = _url(name, pattern, world["values"])
        client = (
            api_for(personas.admin_a, region_a) if api else client_for(personas.admin_a, region_a)
        )
        response = client.get(url)
        assert response.status_code in REFUSED, (name, response.status_code)
        checked += 1
    assert checked > 60


def public_routes() -> list[tuple[str, str]]:
    """(name, pattern) of the public site's routes that only the platform operator may use:
    the official results desk (its pages and its API) and the admin (its own login page
    aside)."""

    return [
        (name, pattern)
        for name, pattern in named_routes("lumbung.urls_public")
        if name.startswith(("official:", "api:official-"))
        or (
            name.startswith("admin:")
            and "<" not in pattern
            and "(" not in pattern
            and name not in ("admin:login", "admin:logout", "admin:jsi18n")
        )
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_platform_desks_refuse_everyone_but_the_operator(personas, client_for, method):
    from django.urls import reverse

    routes = public_routes()
    assert len(routes) > 20  # the official results desk and every admin list and form
    people = {
        "anonymous": None,
        "region admin": personas.admin_a,
        "province viewer": personas.province_viewer,
        "outsider": personas.outsider,
    }
    for name, pattern in routes:
        arguments = {
            key: value
            for key, value in {"run_id": uuid.uuid4(), "year": 2023}.items()
            if f":{key}>" in pattern
        }
        url = reverse(name, urlconf="lumbung.urls_public", kwargs=arguments)
        for who, user in people.items():
            response = getattr(client_for(user, None), method)(url)
            assert response.status_code in REFUSED, (who, method, name, response.status_code)
            if response.status_code == 302:
                location = response["Location"]
                assert "/akun/masuk/" in location or "/admin/login/" in location, (who, name)
    operator = client_for(personas.platform_admin, None)
    assert operator.get(reverse("official:list", urlconf="lumbung.urls_public")).status_code == 200
    official_api = reverse("api:official-year-list", urlconf="lumbung.urls_public")
    assert operator.get(official_api).status_code == 200
    assert operator.get(reverse("admin:index", urlconf="lumbung.urls_public")).status_code == 200
