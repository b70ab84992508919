from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import central_sign_in
from accounts.forms import AcceptInvitationForm, LoginForm, PasswordResetRequestForm
from accounts.handoff import handoff_token_create, handoff_token_redeem
from accounts.openid_connect import providers_for
from accounts.password_reset import over_limit, request_reset
from accounts.policy import Action, can
from accounts.selectors import memberships_of_user
from accounts.services import invitation_accept, invitation_for_token
from accounts.two_factor import continue_verified
from regions.models import Region

if TYPE_CHECKING:
    from core.http import SiteRequest


class LoginView(auth_views.LoginView):
    """Sign-in happens on the public site (accounts.central_sign_in). A region host's sign-in
    page sends the browser there, naming the region and the page to come back to; once signed
    in (or at once, when already signed in there), the public site hands the browser back."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        region = getattr(request, "region", None)
        if region is not None and not request.user.is_authenticated:
            back_to = central_sign_in.local_path(
                request, request.GET.get(self.redirect_field_name), default="/"
            )
            return HttpResponseRedirect(
                central_sign_in.central_url(
                    request,
                    str(reverse_lazy("accounts:login")),
                    **{central_sign_in.REGION_PARAM: region.slug, "next": back_to},
                )
            )
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        central_sign_in.begin(self.request, form.get_user())
        return response

    def _target_region(self) -> Region | None:
        slug = self.request.POST.get(central_sign_in.REGION_PARAM) or self.request.GET.get(
            central_sign_in.REGION_PARAM
        )
        if not slug or getattr(self.request, "region", None) is not None:
            return None
        return Region.objects.filter(slug=slug, is_active=True).first()

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        target = self._target_region()
        context["target_region"] = target
        context["region_param"] = central_sign_in.REGION_PARAM
        if getattr(self.request, "region", None) is None:
            # Single sign-on happens on the public site, like every sign-in.
            back = {"next": self.request.GET.get("next", "")}
            if target is not None:
                back[central_sign_in.REGION_PARAM] = target.slug
            context["identity_providers"] = providers_for(target)
            context["sso_query"] = urlencode({k: v for k, v in back.items() if v})
        return context

    def get_success_url(self) -> str:
        """Back to the region the person came from, when they came from one; on a region where
        the person has no membership, the password was right but this is not their workspace:
        say so and show the regions they do belong to, instead of a refusal on the next page."""
        target = self._target_region()
        if target is not None:
            return switch_url(target, self.request.POST.get("next") or self.request.GET.get("next"))
        region = getattr(self.request, "region", None)
        user = self.request.user
        if region is not None and not can(user, Action.VIEW_REGION, region):
            _say_not_a_member(self.request, region)
            return str(reverse_lazy("accounts:my_regions"))
        return super().get_success_url()


def _say_not_a_member(request: HttpRequest, region: Region) -> None:
    messages.info(
        request,
        _(
            "Anda sudah masuk, tetapi akun Anda bukan anggota %(region)s. "
            "Berikut daerah tempat Anda terdaftar."
        )
        % {"region": region.display_name},
    )


def switch_url(region: Region, next_path: str | None = None) -> str:
    url = str(reverse_lazy("accounts:switch_region", kwargs={"slug": region.slug}))
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


class LogoutView(auth_views.LogoutView):
    """Signing out on one host signs the browser out of every host (the sign-in ends)."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        central_sign_in.end(request)
        return super().post(request, *args, **kwargs)


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
    if region is None:
        raise Http404
    if not can(user, Action.VIEW_REGION, region):
        _say_not_a_member(request, region)
        return redirect("accounts:my_regions")
    device = getattr(user, "otp_device", None)  # set by django-otp when this session is verified
    token = handoff_token_create(
        user=user,
        region=region,
        device_id=device.persistent_id if device else None,
        sign_in_id=central_sign_in.current_id(request),
    )
    params = {"token": token}
    if request.GET.get("next"):
        params["next"] = request.GET["next"]  # checked by the receiving host
    return HttpResponseRedirect(
        central_sign_in.region_host_url(request, region, f"/akun/lanjut/?{urlencode(params)}")
    )


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
    if request.user.is_authenticated and request.user.pk != redeemed.user.pk:
        auth_logout(request)  # another person's session on this host must not linger
    login(request, redeemed.user, backend="django.contrib.auth.backends.ModelBackend")
    central_sign_in.carry_on(request, redeemed.sign_in_id)
    continue_verified(request, redeemed.device_id)
    return redirect(central_sign_in.local_path(request, request.GET.get("next"), default="/"))


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
