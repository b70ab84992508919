"""The demo's programme: in Karo a facilitators' workshop with the attendance of two facilitators
of several OPDs, materials and minutes, and a discussion on Disdik's innovation in which Bappeda
mentions the OPD's operator; in Magetan the Rakor's reporting target and the OPDs lagging
behind it. Loading it again changes nothing."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Membership, Role
from lumbung.demo.people import demo_email
from lumbung.demo.programme import DISCUSSED, WORKSHOP_TITLE, seed_programme
from regions.activation import activate_regions
from rubric.years import current_year
from tenants.organization.models import OpdUnit
from tenants.organization.services import opd_add_standard_units
from tests.conftest import make_user, region_by_slug
from tests.effects import apply_effects


def _member(region, local: str, name: str, role: str, opd_id=None):
    user = make_user(demo_email(local), full_name=name)
    Membership.objects.create(user=user, region=region, role=role, opd_id=opd_id)
    return user


def _snapshot(karo, magetan) -> dict:
    from tenants.discussions.models import Post
    from tenants.organization.models import Facilitator
    from tenants.programme.models import Attendance, EventMaterial, LearningEvent
    from tenants.reporting.models import ReportingTarget

    with tenant_context(karo):
        karo_rows = (
            list(LearningEvent.objects.values_list("pk", "title", "minutes")),
            list(Attendance.objects.values_list("pk", "present")),
            list(EventMaterial.objects.values_list("pk", "title")),
            list(Facilitator.objects.values_list("pk", "name")),
            list(Post.objects.values_list("pk", "body")),
        )
    with tenant_context(magetan):
        magetan_rows = list(ReportingTarget.objects.values_list("pk", "year", "note"))
    return {"karo": karo_rows, "magetan": magetan_rows}


def test_the_demo_programme_in_karo_and_the_reporting_target_in_magetan(
    db, settings, tmp_path, client_for
):
    from replication.notifications.models import Notification
    from tenants.discussions.models import Thread
    from tenants.innovations.models import Innovation
    from tenants.programme.models import LearningEvent
    from tenants.reporting.selectors import year_reporting

    settings.MEDIA_ROOT = tmp_path
    karo, magetan = region_by_slug("karo"), region_by_slug("magetan")
    activate_regions([karo, magetan])
    for region in (karo, magetan):
        region.refresh_from_db()
        opd_add_standard_units(region=region)
    with tenant_context(karo):
        disdik = OpdUnit.objects.get(short_name="Disdik")
        Innovation.objects.create(name=DISCUSSED, opd=disdik)
    _member(karo, "admin.karo", "Elisabeth Br Ginting", Role.REGION_ADMIN)
    operator = _member(karo, "operator.karo", "Joni Sembiring", Role.OPD_OPERATOR, disdik.pk)
    magetan_admin = _member(magetan, "admin.magetan", "Noor Majid", Role.REGION_ADMIN)

    assert seed_programme([karo, magetan, region_by_slug("banjar")]) > 0
    with tenant_context(karo):
        workshop = LearningEvent.objects.get(title=WORKSHOP_TITLE)
        assert workshop.is_demo and workshop.kind == "workshop"
        attendance = list(workshop.attendances.values_list("opd__short_name", "present"))
        assert len(attendance) == 8 and sum(present for _opd, present in attendance) == 7
        assert len({opd for opd, _present in attendance}) == 4
        assert workshop.materials.count() == 2 and "desain inovasi" in workshop.minutes
        thread = Thread.objects.get(subject_kind="innovation")
        assert thread.is_demo and thread.posts.count() == 2
        assert thread.posts.first().mentioned_ids == [operator.pk]
    apply_effects()
    assert Notification.objects.filter(user=operator, kind="discussions.mention").exists()
    assert Notification.objects.filter(user=operator, kind="programme.invitation").exists()

    with tenant_context(magetan):
        reporting = year_reporting(current_year())
    assert not reporting.target.is_default and "Rakor" in reporting.target.note
    assert reporting.lagging  # the standard OPDs have reported nothing
    page = client_for(magetan_admin, magetan).get("/pelaporan/").content.decode()
    assert "Belum melapor" in page and "Rakor" in page

    before = _snapshot(karo, magetan)
    assert seed_programme([karo, magetan]) == 0
    assert _snapshot(karo, magetan) == before
