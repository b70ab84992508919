"""Property-based API tests: schemathesis generates requests, valid and invalid, from our OpenAPI
schemas (the public site's and a region's) and runs every check it has on each answer: no
server error; status codes, content types, headers and bodies as documented; invalid input
refused, valid input accepted; undocumented methods answered 405 with Allow; authentication
not ignored. Checks are only left out below for a stated reason."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    positive_data_acceptance,
)

from lumbung.wsgi import application
from tests.conftest import make_token


def _schema(urlconf: str):
    # The documents are generated in-process (no database needed at collection time; schemathesis'
    # lazy fixtures do not support pytest 9); the calls go through the real WSGI application.
    document = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    return loaded


public_schema = _schema("lumbung.urls_public")
region_schema = _schema("lumbung.urls_region")


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls through the WSGI app fire request_finished, which would close the connection that
    holds the test's transaction; Django's test client disconnects it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _public_forms_are_not_throttled_here(settings):
    """Hypothesis sends hundreds of requests from one address: the public forms' per-address
    limit (proven in tests/calls) would answer them 429."""
    settings.CALLS_PUBLIC_LIMIT = (100_000, 3600)


FAST = settings(
    max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


# Operations whose schema-valid body can still be refused with a 400 and a message, for reasons
# a schema cannot state: an id naming nothing stored (`opd`), a year with no rubric in a body, an
# indicator code not in the year's rubric, the profile's cross-field rules (stage vs dates), a
# letter that must be a real PDF (checked by its content, not its declared type), a file and a
# link where exactly one is taken, an event's date in a year no one means (before 2000). Only
# the "valid data must be accepted" check is skipped for them; every other check still runs.
# (Query parameters naming no stored object or no rubric year answer 404, which that check
# accepts, so no GET is listed.)
DATA_DEPENDENT = {
    ("POST", "/api/v1/innovations/"),
    ("POST", "/api/v1/region-answers/"),
    ("POST", "/api/v1/facilitators/"),
    ("POST", "/api/v1/replication/requests/"),
    ("POST", "/api/v1/lab/commitments/"),
    ("POST", "/api/v1/programme/events/"),
    ("POST", "/api/v1/programme/events/{id}/attendance/"),
    ("POST", "/api/v1/programme/events/{id}/materials/"),
    # A spreadsheet must be the import template's table (read, not declared).
    ("POST", "/api/v1/imports/innovations/"),
    # A new account needs a name, an OPD operator one of the region's OPDs, and the region
    # keeps an admin (the members' rules, read against the data).
    ("POST", "/api/v1/members/"),
    ("PATCH", "/api/v1/members/{id}/"),
    # An address sends a few public ideas an hour (then 429), and a suggested OPD must exist.
    ("POST", "/api/v1/ideas/public/"),
    # A year to report for must have a rubric (data, not the schema).
    ("POST", "/api/v1/innovations/{id}/reports/"),
    ("POST", "/api/v1/reports/carry-over/"),
    # Official results must be a table of regions and indices (read, not declared).
    ("POST", "/api/v1/imports/official-results/"),
    # A webhook's URL must resolve to a public address (no generated host name does here), and
    # its events are a region's or the public network's.
    ("POST", "/api/v1/webhooks/"),
    ("PATCH", "/api/v1/webhooks/{id}/"),
    # An export's year must have a rubric (or figures, for a ranking), its province must exist,
    # and a region's own exports are not asked for on the public site.
    ("POST", "/api/v1/exports/"),
    # Managing a call: its closing date not before its opening one; a juror is one of the
    # region's jury members; a criterion, an acceptance and a follow-up answer to the call's
    # rubric and the submission's rank; a province call to forward to must be open; an
    # objection names a submission under public test (all read against the data).
    ("POST", "/api/v1/calls/"),
    ("PATCH", "/api/v1/calls/{id}/"),
    ("POST", "/api/v1/calls/{id}/jury/"),
    ("POST", "/api/v1/calls/{id}/criteria/"),
    ("POST", "/api/v1/calls/{id}/objections/"),
    ("POST", "/api/v1/call-submissions/{id}/accept/"),
    ("POST", "/api/v1/call-submissions/{id}/follow-ups/"),
    ("POST", "/api/v1/call-submissions/{id}/forward/"),
}


# The WSGI transport hands the body over as sent; compressed answers (proven in
# tests/core/test_errors_like_production.py) would not parse as JSON here.
PLAIN = {"Accept-Encoding": "identity"}


def _excluded(case) -> list:
    if (case.method.upper(), case.operation.path) in DATA_DEPENDENT:
        return [positive_data_acceptance]
    return []


@public_schema.parametrize()
@FAST
def test_public_api(case, personas):
    case.call_and_validate(headers={"Host": "localhost", **PLAIN}, excluded_checks=_excluded(case))


@region_schema.parametrize()
@FAST
def test_region_api(case, personas):
    token = make_token(personas.admin_a)
    # ignored_auth runs too: each operation answered with the token is asked again without it and
    # with a wrong one. Cross-region access is covered by tests/core/test_tenant_isolation.py.
    case.call_and_validate(
        headers={"Host": "banjar.localhost", "Authorization": f"Bearer {token}", **PLAIN},
        excluded_checks=_excluded(case),
    )
