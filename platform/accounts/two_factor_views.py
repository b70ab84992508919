"""Pages of the second factor: confirming a sign-in, and setting the authenticator up or off
(accounts.two_factor holds the rules)."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts import two_factor
from accounts.forms import SecondFactorCodeForm

# Wrong codes allowed per user before a pause (6 digits must not be guessable by brute force).
MAX_WRONG_CODES = 5
PAUSE_SECONDS = 15 * 60


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def verify_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    if not two_factor.has_second_factor(user):  # type: ignore[arg-type]
        return redirect("accounts:security")
    form = SecondFactorCodeForm(request.POST or None)
    wrong_key = f"second-factor-wrong:{user.pk}"
    paused = (cache.get(wrong_key) or 0) >= MAX_WRONG_CODES
    if request.method == "POST" and form.is_valid() and not paused:
        if two_factor.verify(request, form.cleaned_data["code"]):
            cache.delete(wrong_key)
            return redirect(_next_url(request))
        cache.add(wrong_key, 0, timeout=PAUSE_SECONDS)
        with contextlib.suppress(ValueError):  # expired meanwhile, or the cache is down
            cache.incr(wrong_key)
        form.add_error(
            "code", _("Kode tidak cocok. Periksa jam ponsel Anda, atau pakai kode pemulihan.")
        )
    status = 429 if paused and request.method == "POST" else 200
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": _next_url(request), "paused": paused},
        status=status,
    )


@login_required
def security_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    region = getattr(request, "region", None)
    has_factor = two_factor.has_second_factor(user)  # type: ignore[arg-type]
    verified = user.is_verified()  # type: ignore[union-attr]
    context: dict[str, object] = {
        "has_factor": has_factor,
        "required": two_factor.is_required(user, region),  # type: ignore[arg-type]
        "next": _next_url(request),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    # Changing a second factor that exists needs a session that has proven it.
    if has_factor and not verified:
        return redirect("accounts:verify")
    if action == "confirm" and not has_factor:
        form = SecondFactorCodeForm(request.POST)
        device = two_factor.pending_device(user)  # type: ignore[arg-type]
        codes = form.is_valid() and two_factor.confirm_device(
            request, device, form.cleaned_data["code"]
        )
        if codes:
            return render(
                request, "accounts/security.html", {**context, "codes": codes, "has_factor": True}
            )
        form.add_error("code", _("Kode tidak cocok. Periksa jam ponsel Anda lalu coba lagi."))
        context["form"] = form
    elif action == "new_codes" and has_factor:
        codes = two_factor.new_recovery_codes(user)  # type: ignore[arg-type]
        return render(request, "accounts/security.html", {**context, "codes": codes})
    elif action == "off" and has_factor:
        if two_factor.turn_off(request):
            messages.success(request, _("Verifikasi dua langkah dimatikan."))
        else:
            messages.error(request, _("Verifikasi dua langkah wajib untuk peran Anda di sini."))
        return redirect("accounts:security")
    if not has_factor:
        device = two_factor.pending_device(user)  # type: ignore[arg-type]
        context.update(
            qr_svg=two_factor.provisioning_qr_svg(device),
            secret=two_factor.secret_text(device),
            form=context.get("form") or SecondFactorCodeForm(),
        )
    return render(request, "accounts/security.html", context)
