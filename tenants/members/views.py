"""The region's members page: who is a member with which role, inviting people, changing and
removing memberships (region admins, and a provinsi's own admins; accounts.policy decides)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership, Role
from accounts.policy import Action, grantable_roles, require
from accounts.selectors import members_of_region
from accounts.two_factor import set_region_requirement
from tenants.members.forms import ChangeRoleForm, InviteMemberForm
from tenants.members.services import member_change_role, member_invite, member_remove
from tenants.organization.selectors import opd_choices_of

if TYPE_CHECKING:
    from core.http import RegionRequest


@login_required
def member_list(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_MEMBERS, region)
    roles = grantable_roles(request.user, region)
    opd_choices = opd_choices_of(region)
    form = InviteMemberForm(request.POST or None, roles=roles, opd_choices=opd_choices)
    if request.method == "POST" and form.is_valid():
        try:
            membership, token = member_invite(
                region=region, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if token:
                messages.success(
                    request,
                    _("Undangan untuk %(email)s sudah dikirim lewat e-mail.")
                    % {"email": membership.user.email},
                )
            else:
                messages.success(
                    request, _("%(name)s sekarang anggota daerah ini.") % {"name": membership.user}
                )
            return redirect("members:list")
    opd_names: dict[int | None, str] = dict(opd_choices)  # looked up by a nullable opd_id
    labels = dict(Role.choices)
    context = {
        "form": form,
        "rows": [(m, opd_names.get(m.opd_id)) for m in members_of_region(region)],
        "role_choices": [(role, labels[role]) for role in roles],
        "opd_choices": opd_choices,
    }
    return render(request, "members/members.html", context)


@login_required
@require_POST
def member_update_view(request: RegionRequest, membership_id: int) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_MEMBERS, region)
    membership = get_object_or_404(Membership, pk=membership_id, region=region)
    form = ChangeRoleForm(
        request.POST,
        roles=grantable_roles(request.user, region),
        opd_choices=opd_choices_of(region),
        prefix=f"m{membership.pk}",
    )
    if form.is_valid():
        try:
            member_change_role(
                region=region, actor=request.user, membership=membership, **form.cleaned_data
            )
            messages.success(request, _("Peran %(name)s sudah diubah.") % {"name": membership.user})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request,
            _("Perubahan peran tidak valid: %(errors)s") % {"errors": form.errors.as_text()},
        )
    return redirect("members:list")


@login_required
@require_POST
def member_remove_view(request: RegionRequest, membership_id: int) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_MEMBERS, region)
    membership = get_object_or_404(Membership, pk=membership_id, region=region)
    try:
        member_remove(region=region, actor=request.user, membership=membership)
        messages.success(
            request,
            _("%(name)s tidak lagi menjadi anggota daerah ini.") % {"name": membership.user},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        raise
    return redirect("members:list")


@login_required
@require_POST
def second_factor_rule_view(request: RegionRequest) -> HttpResponse:
    """Require (or stop requiring) the region's admins to confirm sign-ins with a second
    factor; it applies from each admin's next sign-in."""
    required = request.POST.get("required") == "1"
    set_region_requirement(region=request.region, actor=request.user, required=required)
    if required:
        messages.success(
            request,
            _("Admin daerah ini wajib memakai verifikasi dua langkah mulai masuk berikutnya."),
        )
    else:
        messages.success(request, _("Verifikasi dua langkah tidak lagi wajib bagi admin daerah."))
    return redirect("members:list")


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
