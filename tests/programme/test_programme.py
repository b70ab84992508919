"""The facilitators' programme: Bappeda schedules a learning event and records attendance,
materials and minutes; every member sees the schedule; invited OPDs' operators are told."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from tests.conftest import make_member, make_opd
from tests.effects import apply_effects
from tests.registry.helpers import pdf


def _when(days: int = 7) -> datetime:
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0)


@pytest.fixture
def workshop(personas, region_a):
    from tenants.programme.services import event_create

    disdik = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    event = event_create(
        region=region_a,
        actor=personas.admin_a,
        data={
            "kind": "workshop",
            "title": "Workshop Fasilitator Inovasi 2025",
            "starts_at": _when(),
            "ends_at": _when() + timedelta(hours=6),
            "place": "Aula Bappeda",
        },
        invited=[personas.opd_a],
    )
    return {"event": event, "disdik": disdik}


def test_invited_opds_operators_are_told_once(workshop, personas, region_a):
    from replication.notifications.models import Notification
    from tenants.programme.services import event_update

    disdik_operator = make_member(
        region_a, Role.OPD_OPERATOR, "op-disdik@banjar.test", opd_id=workshop["disdik"].pk
    )
    apply_effects()
    invitation = Notification.objects.get(kind="programme.invitation")
    assert invitation.user == personas.operator_a
    assert "Workshop Fasilitator Inovasi 2025" in invitation.title
    with tenant_context(region_a):
        event_update(
            region=region_a,
            actor=personas.admin_a,
            event=workshop["event"],
            data={"place": "Aula Bappeda lantai 2"},
            invited=[personas.opd_a, workshop["disdik"]],
        )
    apply_effects()
    told = Notification.objects.filter(kind="programme.invitation")
    assert sorted(told.values_list("user_id", flat=True)) == sorted(
        [personas.operator_a.pk, disdik_operator.pk]
    )


def test_attendance_of_facilitators_materials_and_minutes(workshop, personas, region_a, client_for):
    from tenants.organization.models import Facilitator
    from tenants.programme.services import attendance_record, material_add, minutes_save

    event = workshop["event"]
    with tenant_context(region_a):
        first = Facilitator.objects.create(opd=personas.opd_a, name="Rina Sembiring")
        second = Facilitator.objects.create(opd=workshop["disdik"], name="Joni Ginting")
    attendance_record(region=region_a, actor=personas.admin_a, event=event, facilitator=first)
    attendance_record(
        region=region_a, actor=personas.admin_a, event=event, facilitator=second, present=False
    )
    again = attendance_record(
        region=region_a, actor=personas.admin_a, event=event, facilitator=second, present=True
    )
    assert again.present and again.opd_id == workshop["disdik"].pk
    with pytest.raises(ValidationError):
        attendance_record(
            region=region_a,
            actor=personas.admin_a,
            event=event,
            opd=personas.opd_a,
            facilitator=second,
        )
    material = material_add(
        region=region_a, actor=personas.admin_a, event=event, title="Modul", upload=pdf("modul.pdf")
    )
    material_add(
        region=region_a,
        actor=personas.admin_a,
        event=event,
        title="Rekaman",
        link="https://example.org/v",
    )
    with pytest.raises(ValidationError):
        material_add(region=region_a, actor=personas.admin_a, event=event, title="Kosong")
    minutes_save(
        region=region_a,
        actor=personas.admin_a,
        event=event,
        text="Disepakati desain inovasi.",
        upload=pdf("notula.pdf"),
    )

    page = client_for(personas.operator_a, region_a).get(f"/program/{event.pk}/").content.decode()
    assert "Rina Sembiring" in page and "Joni Ginting" in page and "Disepakati desain" in page
    assert "Catat kehadiran" not in page  # the operator reads, Bappeda records
    download = client_for(personas.leader_a, region_a).get(
        f"/program/{event.pk}/materi/{material.pk}/"
    )
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert (
        client_for(personas.verifier_a, region_a)
        .get(f"/program/{event.pk}/notula/berkas/")
        .status_code
        == 200
    )


def test_members_see_the_schedule_and_others_do_not(workshop, personas, region_a, client_for):
    for user in (personas.operator_a, personas.leader_a, personas.verifier_a):
        page = client_for(user, region_a).get("/program/")
        assert (
            page.status_code == 200 and "Workshop Fasilitator Inovasi 2025" in page.content.decode()
        )
    assert client_for(personas.admin_b, region_a).get("/program/").status_code == 403
    assert (
        client_for(personas.admin_b, region_a).get(f"/program/{workshop['event'].pk}/").status_code
        == 403
    )


def test_only_bappeda_runs_the_programme(workshop, personas, region_a, client_for):
    from tenants.programme.services import attendance_record

    event = workshop["event"]
    for user in (personas.operator_a, personas.verifier_a, personas.leader_a):
        client = client_for(user, region_a)
        assert client.post("/program/baru/", {}).status_code == 403
        assert client.post(f"/program/{event.pk}/hadir/", {"person_name": "X"}).status_code == 403
        assert client.post(f"/program/{event.pk}/notula/", {"minutes": "x"}).status_code == 403
        with pytest.raises(PermissionDenied):
            attendance_record(
                region=region_a, actor=user, event=event, opd=personas.opd_a, person_name="X"
            )


def test_an_admin_schedules_an_event_through_the_page(personas, region_a, client_for):
    from tenants.programme.models import LearningEvent

    client = client_for(personas.admin_a, region_a)
    response = client.post(
        "/program/baru/",
        {
            "kind": "desk_inovasi",
            "title": "Desk Inovasi Dinkes",
            "starts_at": _when(3).strftime("%Y-%m-%dT%H:%M"),
            "invited_opds": [personas.opd_a.pk],
        },
    )
    assert response.status_code == 302
    with tenant_context(region_a):
        event = LearningEvent.objects.get(title="Desk Inovasi Dinkes")
        assert list(event.invited_opds.all()) == [personas.opd_a]
    response = client.post(
        f"/program/{event.pk}/hadir/",
        {"opd": personas.opd_a.pk, "person_name": "Kepala Dinkes", "present": "on"},
    )
    assert response.status_code == 302
    with tenant_context(region_a):
        assert event.attendances.get().person_name == "Kepala Dinkes"


def test_an_unknown_kind_is_refused(personas, region_a):
    from tenants.programme.services import event_create

    with pytest.raises(ValidationError):
        event_create(
            region=region_a,
            actor=personas.admin_a,
            data={"kind": "pesta", "title": "X", "starts_at": _when()},
        )


def test_the_kinds_are_data_with_their_source():
    from tenants.programme.vocabulary import DATA, event_kinds

    assert [kind.code for kind in event_kinds()] == [
        "workshop",
        "pertemuan_fasilitator",
        "desk_inovasi",
        "ruang_diskusi",
    ]
    assert "Karo" in DATA.read_text(encoding="utf-8")
