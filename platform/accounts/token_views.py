"""The account's API tokens page: the person's personal tokens, a form to make one (its secret
shown once, on the answer to that form, never again), and revoking (accounts.personal_tokens
holds the rules)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import personal_tokens
from accounts.forms import PersonalTokenForm
from accounts.models import User


@never_cache
@login_required
def api_tokens_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    regions = personal_tokens.regions_to_hold_tokens_to(user)
    action = request.POST.get("action") if request.method == "POST" else None
    form = PersonalTokenForm(request.POST if action == "create" else None, regions=regions)
    created = secret = None
    if action == "revoke":
        token = personal_tokens.token_of_user(user, _int(request.POST.get("token_id")))
        if token is not None:
            personal_tokens.token_revoke(token=token, actor=user)
            messages.success(request, _("Token “%(name)s” dicabut.") % {"name": token.name})
        return redirect("accounts:api_tokens")
    if action == "create" and form.is_valid():
        try:
            created, secret = personal_tokens.token_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            form = PersonalTokenForm(regions=regions)
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "tokens": personal_tokens.tokens_of_user(user),
            "created": created,
            "secret": secret,
        },
        status=400 if action == "create" and form.errors else 200,
    )


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return 0
