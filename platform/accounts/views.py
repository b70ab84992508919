from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import AcceptInvitationForm, ChangeRoleForm, InviteMemberForm, LoginForm
from accounts.handoff import handoff_token_create, handoff_token_redeem
from accounts.models import Membership, Role
from accounts.policy import Action, can, grantable_roles, require
from accounts.selectors import members_of_region, memberships_of_user
from accounts.services import (
    invitation_accept,
    invitation_for_token,
    member_change_role,
    member_invite,
    member_remove,
)
from regions.models import Region


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def my_regions(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/my_regions.html", {"memberships": memberships_of_user(request.user)}
    )


@login_required
def switch_region(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the user to another region's host, signed in there by a one-time token."""
    region = Region.objects.filter(slug=slug, is_active=True).first()
    if region is None or not can(request.user, Action.VIEW_REGION, region):
        raise Http404
    token = handoff_token_create(user=request.user, region=region)
    host = request.get_host()
    port = f":{host.rsplit(':', 1)[1]}" if ":" in host else ""
    target = (
        f"{request.scheme}://{region.slug}.{settings.BASE_DOMAIN}{port}/akun/lanjut/?token={token}"
    )
    return HttpResponseRedirect(target)


def handoff(request: HttpRequest) -> HttpResponse:
    """Redeem a switcher token on this region's host."""
    user = handoff_token_redeem(token=request.GET.get("token", ""), region=request.region)
    if user is None:
        messages.error(
            request,
            _("Tautan masuk tidak berlaku lagi. Silakan masuk dengan e-mail dan kata sandi."),
        )
        return redirect("accounts:login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("home")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    if invitation is None or invitation.membership.region_id != request.region.pk:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form.add_error("password1", exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Selamat datang! Kata sandi Anda sudah tersimpan."))
            return redirect("home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )


def _opd_choices(region: Region) -> list[tuple[int, str]]:
    from tenants.organization.selectors import opd_unit_list

    return [(unit.pk, unit.name) for unit in opd_unit_list()]


@login_required
def members(request: HttpRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_MEMBERS, region)
    roles = grantable_roles(request.user, region)
    opd_choices = _opd_choices(region)
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
            return redirect("accounts:members")
    opd_names = dict(opd_choices)
    labels = dict(Role.choices)
    context = {
        "form": form,
        "rows": [(m, opd_names.get(m.opd_id)) for m in members_of_region(region)],
        "role_choices": [(role, labels[role]) for role in roles],
        "opd_choices": opd_choices,
    }
    return render(request, "accounts/members.html", context)


@login_required
@require_POST
def member_update(request: HttpRequest, membership_id: int) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_MEMBERS, region)
    membership = get_object_or_404(Membership, pk=membership_id, region=region)
    form = ChangeRoleForm(
        request.POST,
        roles=grantable_roles(request.user, region),
        opd_choices=_opd_choices(region),
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
    return redirect("accounts:members")


@login_required
@require_POST
def member_delete(request: HttpRequest, membership_id: int) -> HttpResponse:
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
    return redirect("accounts:members")


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
