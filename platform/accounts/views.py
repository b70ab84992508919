from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from accounts.forms import AcceptInvitationForm, LoginForm, PasswordResetRequestForm
from accounts.handoff import handoff_token_create, handoff_token_redeem
from accounts.password_reset import over_limit, request_reset
from accounts.policy import Action, can
from accounts.selectors import memberships_of_user
from accounts.services import invitation_accept, invitation_for_token
from accounts.two_factor import continue_verified
from regions.models import Region

if TYPE_CHECKING:
    from core.http import SiteRequest


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        """On a region where the person has no membership, the password was right but this is
        not their workspace: say so and show the regions they do belong to, instead of a
        refusal on the next page."""
        region = getattr(self.request, "region", None)
        user = self.request.user
        if region is not None and not can(user, Action.VIEW_REGION, region):
            messages.info(
                self.request,
                _(
                    "Anda sudah masuk, tetapi akun Anda bukan anggota %(region)s. "
                    "Berikut daerah tempat Anda terdaftar."
                )
                % {"region": region.display_name},
            )
            return str(reverse_lazy("accounts:my_regions"))
        return super().get_success_url()


class LogoutView(auth_views.LogoutView):
    pass


def password_reset_request(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link. The same answer whether or not the address has an account."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        client_over, address_over = over_limit(request, email)
        if client_over:
            return render(
                request,
                "accounts/password_reset_form.html",
                {"form": form, "too_many": True},
                status=429,
            )
        if not address_over:
            request_reset(request, email)
        return render(request, "accounts/password_reset_sent.html", {"email": email})
    return render(request, "accounts/password_reset_form.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def my_regions(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert user.is_authenticated  # login_required
    return render(request, "accounts/my_regions.html", {"memberships": memberships_of_user(user)})


@login_required
def switch_region(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the user to another region's host, signed in there by a one-time token."""
    user = request.user
    assert user.is_authenticated  # login_required
    region = Region.objects.filter(slug=slug, is_active=True).first()
    if region is None or not can(user, Action.VIEW_REGION, region):
        raise Http404
    device = getattr(user, "otp_device", None)  # set by django-otp when this session is verified
    token = handoff_token_create(
        user=user, region=region, device_id=device.persistent_id if device else None
    )
    host = request.get_host()
    port = f":{host.rsplit(':', 1)[1]}" if ":" in host else ""
    target = (
        f"{request.scheme}://{region.slug}.{settings.BASE_DOMAIN}{port}/akun/lanjut/?token={token}"
    )
    return HttpResponseRedirect(target)


def handoff(request: SiteRequest) -> HttpResponse:
    """Redeem a switcher token on this region's host."""
    if request.region is None:  # mounted on region sites only (accounts.urls.region_patterns)
        raise Http404
    redeemed = handoff_token_redeem(token=request.GET.get("token", ""), region=request.region)
    if redeemed is None:
        messages.error(
            request,
            _("Tautan masuk tidak berlaku lagi. Silakan masuk dengan e-mail dan kata sandi."),
        )
        return redirect("accounts:login")
    user, device_id = redeemed
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    continue_verified(request, device_id)
    return redirect("home")


def accept_invitation(request: SiteRequest, token: str) -> HttpResponse:
    if request.region is None:  # mounted on region sites only (accounts.urls.region_patterns)
        raise Http404
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
