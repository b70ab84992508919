"""Discussion threads between Bappeda and an OPD, per innovation and per OPD: who may take part,
mentions, telling the other side, and kelitbangan results shared with every member."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from accounts.models import Role
from tests.conftest import make_member, make_opd
from tests.effects import apply_effects
from tests.registry.helpers import pdf


@pytest.fixture
def innovation(personas, region_a):
    from tenants.innovations.models import Innovation

    with tenant_context(region_a):
        return Innovation.objects.create(name="SEPEDA BARU", opd=personas.opd_a)


def _place(user, region, kind, pk):
    from tenants.discussions.access import place_for

    with tenant_context(region):
        return place_for(user, region, kind, pk)


def test_bappeda_writes_the_opd_operator_is_told_and_answers(
    innovation, personas, region_a, client_for
):
    from replication.notifications.models import Notification

    admin = client_for(personas.admin_a, region_a)
    response = admin.post(
        f"/diskusi/inovasi/{innovation.pk}/", {"body": "Mohon lengkapi bukti SID-16."}
    )
    assert response.status_code == 302
    apply_effects()
    told = Notification.objects.get(kind="discussions.post")
    assert told.user == personas.operator_a and "SEPEDA BARU" in told.title
    assert told.url.endswith(f"/diskusi/inovasi/{innovation.pk}/")

    operator = client_for(personas.operator_a, region_a)
    operator.post(f"/diskusi/inovasi/{innovation.pk}/", {"body": "Sudah kami unggah."})
    apply_effects()
    assert Notification.objects.filter(kind="discussions.post", user=personas.admin_a).exists()
    page = operator.get(f"/diskusi/inovasi/{innovation.pk}/").content.decode()
    assert "Mohon lengkapi bukti SID-16." in page and "Sudah kami unggah." in page
    section = client_for(personas.verifier_a, region_a).get(
        f"/diskusi/inovasi/{innovation.pk}/ringkas/"
    )
    assert section.status_code == 200 and "Sudah kami unggah." in section.content.decode()


def test_a_mention_tells_the_member_named(innovation, personas, region_a):
    from replication.notifications.models import Notification
    from tenants.discussions.services import post_create

    personas.verifier_a.full_name = "Siti Rahmah"
    personas.verifier_a.save()
    place = _place(personas.admin_a, region_a, "innovation", innovation.pk)
    post = post_create(
        region=region_a,
        author=personas.admin_a,
        place=place,
        body="@Siti Rahmah tolong periksa, dan @bupati@banjar.test mohon arahan.",
    )
    # The leader may not take part in discussions, so is not notified of the mention.
    assert post.mentioned_ids == [personas.verifier_a.pk]
    apply_effects()
    mention = Notification.objects.get(kind="discussions.mention")
    assert mention.user == personas.verifier_a
    # The operator hears of the new post; the mentioned verifier only once, as a mention.
    assert set(Notification.objects.values_list("user_id", "kind")) == {
        (personas.verifier_a.pk, "discussions.mention"),
        (personas.operator_a.pk, "discussions.post"),
    }


def test_the_operator_of_another_opd_and_other_regions_are_kept_out(
    innovation, personas, region_a, client_for
):
    from tenants.discussions.services import post_create

    disdik = make_opd(region_a, "Dinas Pendidikan")
    other = make_member(region_a, Role.OPD_OPERATOR, "op-disdik@banjar.test", opd_id=disdik.pk)
    post_create(
        region=region_a,
        author=personas.admin_a,
        place=_place(personas.admin_a, region_a, "opd", personas.opd_a.pk),
        body="Rapat desk inovasi Kamis.",
    )
    for user in (other, personas.admin_b, personas.leader_a):
        client = client_for(user, region_a)
        assert client.get(f"/diskusi/inovasi/{innovation.pk}/").status_code in (403, 404)
        assert client.get(f"/diskusi/opd/{personas.opd_a.pk}/").status_code in (403, 404)
        assert client.post(f"/diskusi/opd/{personas.opd_a.pk}/", {"body": "x"}).status_code in (
            403,
            404,
        )
    # The other OPD's operator discusses their own OPD, and lists only its threads.
    assert client_for(other, region_a).get(f"/diskusi/opd/{disdik.pk}/").status_code == 200
    assert "Dinas Kesehatan" not in client_for(other, region_a).get("/diskusi/").content.decode()
    assert (
        "Dinas Kesehatan"
        in client_for(personas.operator_a, region_a).get("/diskusi/").content.decode()
    )
    with pytest.raises((PermissionDenied, Exception)):
        _place(other, region_a, "innovation", innovation.pk)


def test_a_kelitbangan_result_shared_by_bappeda_is_readable_by_every_member(
    personas, region_a, client_for
):
    from tenants.discussions.services import post_create

    place = _place(personas.admin_a, region_a, "opd", personas.opd_a.pk)
    shared = post_create(
        region=region_a,
        author=personas.admin_a,
        place=place,
        body="Hasil kajian kebutuhan inovasi layanan kesehatan.",
        upload=pdf("kajian.pdf"),
        attachment_title="Kajian Kelitbangan 2025",
        shared=True,
    )
    private = post_create(
        region=region_a,
        author=personas.admin_a,
        place=place,
        body="Draf internal",
        upload=pdf("draf.pdf"),
    )
    disdik = make_opd(region_a, "Dinas Pendidikan")
    other = make_member(region_a, Role.OPD_OPERATOR, "op-disdik@banjar.test", opd_id=disdik.pk)
    listing = client_for(other, region_a).get("/diskusi/kelitbangan/").content.decode()
    assert "Kajian Kelitbangan 2025" in listing and "draf" not in listing
    assert client_for(other, region_a).get(f"/diskusi/lampiran/{shared.pk}/").status_code == 200
    assert (
        client_for(personas.leader_a, region_a).get(f"/diskusi/lampiran/{shared.pk}/").status_code
        == 200
    )
    assert client_for(other, region_a).get(f"/diskusi/lampiran/{private.pk}/").status_code == 404
    assert (
        client_for(personas.admin_b, region_a).get(f"/diskusi/lampiran/{shared.pk}/").status_code
        == 403
    )
    # Only Bappeda shares results.
    with pytest.raises(PermissionDenied):
        post_create(
            region=region_a,
            author=personas.operator_a,
            place=_place(personas.operator_a, region_a, "opd", personas.opd_a.pk),
            body="x",
            upload=pdf(),
            shared=True,
        )


def test_mentions_match_names_and_addresses_not_longer_words():
    from tenants.discussions.mentions import Candidate, mentioned

    people = [Candidate(1, "Adi Putra", "adi@x.test"), Candidate(2, "Adi", "a2@x.test")]
    assert mentioned("halo @adi putra", people) == [1]
    assert mentioned("halo @Adinda", people) == []
    assert mentioned("cc @a2@x.test.", people) == [2]
    assert mentioned("tanpa sebutan", people) == []
