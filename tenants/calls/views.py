"""The public pages of a region's calls (no sign-in): the list of calls and results, a call's page
with its submission form, objections during the uji publik, and the receipt lookup. Members who
may submit to calls use the same form through their account (and may then submit as ASN/OPD)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import form_errors
from core.http import SiteRequest
from core.public_cache import public_cache
from tenants.calls import selectors, spam
from tenants.calls.access import public_call
from tenants.calls.forms import ObjectionForm, SubmissionForm
from tenants.calls.models import Call, Submission
from tenants.calls.submissions import accepts_submissions, kinds_for, objection_file, submit

RECEIPT_SESSION_KEY = "calls_last_receipt"


# The region's own tables have no cheap version: never kept in the shared cache, but revalidated
# by the body's hash (ETag) and answered 304 when unchanged.
@public_cache(None)
def public_list(request: SiteRequest) -> HttpResponse:
    return render(request, "calls/public_list.html", {"calls": selectors.public_calls()})


@require_http_methods(["GET", "POST"])
def public_detail(request: SiteRequest, pk: int) -> HttpResponse:
    """A call: its rules, the submission form while it is open, the objection form during the
    uji publik, the published ranking."""
    assert request.region is not None  # a region site's route
    call = public_call(pk)
    kinds = kinds_for(request.user, request.region, call)
    form = SubmissionForm(call=call, kinds=kinds)
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, call=call, kinds=kinds)
        refused = _refused(request, form, scope="submit")
        if refused:
            messages.error(request, refused)
        elif form.is_valid():
            data = dict(form.cleaned_data)
            uploads = data.pop("attachments", [])
            try:
                submission = submit(
                    region=request.region, call=call, data=data, uploads=uploads, user=request.user
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                request.session[RECEIPT_SESSION_KEY] = submission.receipt_number
                return redirect("calls:submitted", pk=call.pk)
    return render(request, "calls/public_detail.html", _detail_context(call, form, None))


def _refused(request: SiteRequest, form: SubmissionForm | ObjectionForm, *, scope: str) -> str:
    """Why a public form is refused before it is read (a bot, or too many from this address)."""
    if form.is_automated():
        return _("Formulir tidak dapat diproses. Muat ulang halaman, isi kembali, lalu kirim.")
    if spam.over_limit(request, scope):
        return _("Terlalu banyak kiriman dari alamat Anda. Coba lagi nanti.")
    return ""


def _add_errors(form: SubmissionForm | ObjectionForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _detail_context(
    call: Call, form: SubmissionForm | None, objection_form: ObjectionForm | None
) -> dict[str, object]:
    under_objection = selectors.under_objection(call)
    return {
        "call": call,
        "form": form,
        "accepting": accepts_submissions(call),
        "results": selectors.published_results(call),
        "under_objection": under_objection,
        "objection_form": objection_form or ObjectionForm(submissions=under_objection),
    }


def submitted(request: SiteRequest, pk: int) -> HttpResponse:
    """After a submission: its receipt number (shown once, from the session)."""
    call = public_call(pk)
    number = request.session.pop(RECEIPT_SESSION_KEY, None)
    if not number:
        return redirect("calls:public_detail", pk=call.pk)
    return render(request, "calls/submitted.html", {"call": call, "receipt_number": number})


@require_POST
def object_view(request: SiteRequest, pk: int) -> HttpResponse:
    """A claim that a submission is not original, during the uji publik."""
    assert request.region is not None
    call = public_call(pk)
    under_objection = selectors.under_objection(call)
    form = ObjectionForm(request.POST, submissions=under_objection)
    refused = _refused(request, form, scope="object")
    if refused:
        messages.error(request, refused)
    elif form.is_valid():
        submission = Submission.objects.get(pk=form.cleaned_data["submission"], call=call)
        try:
            objection_file(region=request.region, submission=submission, data=form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Sanggahan Anda diterima dan akan diperiksa panitia."))
            return redirect(reverse("calls:public_detail", args=[call.pk]) + "#uji-publik")
    else:
        messages.error(request, form_errors(form))
    return render(
        request, "calls/public_detail.html", _detail_context(call, None, form), status=400
    )


def receipt_view(request: SiteRequest) -> HttpResponse:
    """Follow a submission by its receipt number: status and stage only, no personal data."""
    number = request.GET.get("nomor", "").strip()[:40]
    found = None
    if number:
        if spam.over_limit(request, "receipt", factor=6):
            messages.error(
                request, _("Terlalu banyak pencarian dari alamat Anda. Coba lagi nanti.")
            )
        else:
            found = selectors.receipt(number)
    return render(request, "calls/receipt.html", {"number": number, "found": found})
