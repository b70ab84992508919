"""Replication requests in any state, walked there through the real services, with the input
each step needs. Region A (Banjar) is the origin, region B (Tanah Bumbu) the requester."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from replication.requests.models import RequestStatus
from replication.requests.services import request_create, request_transition
from tests.conftest import make_member, make_opd, region_by_slug
from tests.registry.helpers import pdf, png
from tests.replication.helpers import letter, published_entry

S = RequestStatus
THIRD_REGION = "mandailing-natal"


def visit_day() -> datetime.date:
    """A week ago, but within this year (an agreement of this year counts in its report)."""
    today = timezone.localdate()
    return max(today - datetime.timedelta(days=7), today.replace(month=1, day=1))


def step_input(name: str, opd_id: int | None = None) -> tuple[dict, list]:
    """(data, documents) that make step `name` valid."""
    day = visit_day()
    return {
        "accept": ({"note": "Silakan, kami terima."}, []),
        "decline": ({"note": "Inovasi sedang direvisi."}, []),
        "schedule_visit": ({"visit_date": day}, []),
        "complete_visit": (
            {"visit_date": day, "visit_participants": "Bappeda Banjar, Dinkes Tanah Bumbu"},
            [("visit_minutes", pdf("notulen.pdf")), ("visit_photo", png("foto-1.png"))],
        ),
        "record_agreement": (
            {
                "agreement_kind": "pks",
                "agreement_number": "PKS/07/2026",
                "agreement_signed_on": day,
                "agreement_valid_until": day + datetime.timedelta(days=365),
            },
            [("agreement", pdf("pks.pdf"))],
        ),
        "confirm_visit": ({"note": "Sesuai."}, []),
        "return_visit": ({"note": "Daftar peserta belum lengkap."}, []),
        "confirm_agreement": ({}, []),
        "return_agreement": ({"note": "Nomor naskah keliru."}, []),
        "start_implementation": ({"opd_id": opd_id}, []),
        "confirm": ({}, []),
        "cancel": ({"note": "Anggaran tidak tersedia."}, []),
        "expire": ({}, []),
    }[name]


# How to reach each status: (step, side) in order. The origin records the visit and the
# requester confirms it; the requester records the agreement and the origin confirms it.
_VISIT = [("accept", "origin"), ("schedule_visit", "requester"), ("complete_visit", "origin")]
_AGREED = [
    *_VISIT,
    ("confirm_visit", "requester"),
    ("record_agreement", "requester"),
    ("confirm_agreement", "origin"),
]
PATHS: dict[str, list[tuple[str, str]]] = {
    S.SUBMITTED: [],
    S.ACCEPTED: [("accept", "origin")],
    S.DECLINED: [("decline", "origin")],
    S.VISIT_SCHEDULED: [("accept", "origin"), ("schedule_visit", "requester")],
    S.VISIT_RECORDED: _VISIT,
    S.VISIT_DONE: [*_VISIT, ("confirm_visit", "requester")],
    S.AGREEMENT_RECORDED: [
        *_VISIT,
        ("confirm_visit", "requester"),
        ("record_agreement", "requester"),
    ],
    S.AGREEMENT: _AGREED,
    S.IMPLEMENTATION: [*_AGREED, ("start_implementation", "requester")],
    S.COMPLETED: [
        *_AGREED,
        ("start_implementation", "requester"),
        ("confirm", "requester"),
        ("confirm", "origin"),
    ],
    S.CANCELLED: [("cancel", "requester")],
    S.EXPIRED: [("expire", "system")],
}


@dataclass
class Network:
    """Two regions about to cooperate, and a third one looking on."""

    origin: object
    origin_admin: object
    requester: object
    requester_admin: object
    opd_origin: object
    opd_requester: object
    third: object
    third_admin: object

    def party(self, side: str) -> tuple[object | None, object | None]:
        """(actor, region) acting for `side`."""
        if side == "origin":
            return self.origin_admin, self.origin
        if side == "requester":
            return self.requester_admin, self.requester
        return None, None

    def fire(self, request, name: str, side: str, **overrides):
        actor, region = self.party(side)
        data, documents = step_input(name, opd_id=self.opd_requester.pk)
        return request_transition(
            name,
            request=request,
            actor=actor,
            region=region,
            data={**data, **overrides},
            documents=documents,
        )

    def entry(self, name: str = "SEPEDA BARU"):
        return published_entry(self.origin, self.origin_admin, self.opd_origin, name=name)

    def request(self, entry=None, *, requester=None, admin=None):
        return request_create(
            region=requester or self.requester,
            actor=admin or self.requester_admin,
            entry=entry or self.entry(),
            message="Kami ingin mereplikasi inovasi ini.",
            letter=letter(),
        )

    def request_in(self, status: str, entry=None):
        request = self.request(entry)
        for name, side in PATHS[status]:
            request = self.fire(request, name, side)
        assert request.status == status
        return request


def network(personas, region_a, region_b) -> Network:
    from accounts.models import Role

    third = region_by_slug(THIRD_REGION)
    return Network(
        origin=region_a,
        origin_admin=personas.admin_a,
        requester=region_b,
        requester_admin=personas.admin_b,
        opd_origin=personas.opd_a,
        opd_requester=make_opd(region_b, "Dinas Kesehatan Tanah Bumbu"),
        third=third,
        third_admin=make_member(third, Role.REGION_ADMIN, "admin@madina.test"),
    )
