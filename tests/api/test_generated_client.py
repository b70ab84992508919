"""A provincial integrator's journey with a client generated from the region API's OpenAPI schema
by openapi-python-client, used exactly as generated (issue #20): no hand-written HTTP, no edited
module. It reads the ranking, signs in for personal tokens, creates an innovation, answers its
indicators, uploads evidence, submits, verifies, publishes it, and another region asks to
replicate it.

The generated client talks to the Django application in this process (httpx's WSGI transport),
so the journey runs inside the test's transaction like any other test."""

from __future__ import annotations

import importlib
import io
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.core.wsgi import get_wsgi_application

from replication.catalog.models import CatalogEntry
from tests.conftest import PASSWORD
from tests.effects import apply_effects
from tests.registry.helpers import DESIGN_300, PDF_BYTES

PACKAGE = "lumbung_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The client package, generated from the schema the region hosts serve."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    folder: Path = tmp_path_factory.mktemp("generated")
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator(urlconf=settings.ROOT_URLCONF).get_schema(public=True)
    (folder / "schema.json").write_bytes(OpenApiJsonRenderer().render(schema))
    # No formatter run after generating: what the generator writes is what is imported.
    (folder / "config.yaml").write_text(f"post_hooks: []\npackage_name_override: {PACKAGE}\n")
    generator = Path(sys.executable).with_name("openapi-python-client")
    subprocess.run(
        [str(generator), "generate", "--path", "schema.json", "--config", "config.yaml",
         "--meta", "none", "--output-path", PACKAGE],
        cwd=folder, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.fixture
def wsgi():
    """The application over httpx's WSGI transport. Django closes the database connection at
    the end of each request (close_old_connections), which would end the test's transaction:
    as Django's own test client does, not while the test runs."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield httpx.WSGITransport(app=get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _module(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_every_generated_module_imports(generated):
    import pkgutil

    names = [info.name for info in pkgutil.walk_packages(generated.__path__, f"{PACKAGE}.")]
    assert len(names) > 100
    for name in names:
        importlib.import_module(name)


def test_an_integrator_takes_an_innovation_from_creation_to_a_replication_request(
    generated, wsgi, personas, region_a, region_b
):
    from rubric.years import current_year

    client_module = _module("client")
    models = _module("models")
    types = _module("types")

    def anonymous(region):
        return client_module.Client(
            base_url=f"http://{region.slug}.localhost", httpx_args={"transport": wsgi}
        )

    def signed_in(user, region):
        answer = _module("api.account.auth_token_create").sync_detailed(
            client=anonymous(region),
            body=models.TokenRequestRequest(email=user.email, password=PASSWORD, name="Integrasi"),
        )
        assert answer.status_code == 201, answer.content
        # The generator's default "Bearer" prefix is the scheme the schema declares.
        return client_module.AuthenticatedClient(
            base_url=f"http://{region.slug}.localhost",
            token=answer.parsed.token,
            httpx_args={"transport": wsgi},
        )

    # The ranking is public: the plain client reads it.
    ranking = _module("api.rankings.rankings_retrieve").sync_detailed(client=anonymous(region_a))
    assert ranking.status_code == 200 and ranking.parsed.year == current_year()

    operator = signed_in(personas.operator_a, region_a)
    created = _module("api.innovations.innovations_create").sync_detailed(
        client=operator,
        body=models.InnovationRequest.from_dict(
            {
                "name": "Posyandu Digital",
                "opd": personas.opd_a.pk,
                "stage": "implementation",
                "initiator": "opd",
                "is_digital": True,
                "form": "public_service",
                "affair": "kesehatan",
                "other_affairs": ["pendidikan"],
                "implemented_on": "2025-02-02",
                "design": DESIGN_300,
                "goals": "Menurunkan angka kematian ibu.",
                "benefits": "Ibu hamil terpantau.",
                "results": "Kunjungan meningkat.",
            }
        ),
    )
    assert created.status_code == 201, created.content
    innovation = created.parsed
    assert innovation.other_affairs == ["pendidikan"]  # sent once, stored once
    report_id = innovation.year_report.report_id

    indicators = _module("api.rubric.rubric_years_indicators_list").sync(
        current_year(), client=operator, page_size=200
    )
    answer_create = _module("api.answers.reports_answers_create")
    answers = {}
    for indicator in indicators.results:
        if indicator.part.value != "sid" or not indicator.mandatory:
            continue
        option = indicator.options[0]
        answered = answer_create.sync_detailed(
            report_id,
            client=operator,
            body=models.AnswerInputRequest.from_dict(
                {"indicator_code": indicator.code, "level": option.level}
                | ({"basis": option.basis} if option.basis else {})
            ),
        )
        assert answered.status_code in (200, 201), answered.content
        answers[indicator.code] = answered.parsed.id
    assert answers

    evidence = _module("api.evidence.answers_evidence_create").sync_detailed(
        next(iter(answers.values())),
        client=operator,
        body=models.EvidenceCreateRequest(
            file=types.File(
                payload=io.BytesIO(PDF_BYTES),
                file_name="sk-inovasi.pdf",
                mime_type="application/pdf",
            )
        ),
    )
    assert evidence.status_code == 201, evidence.content

    transition = _module("api.reports.reports_transitions_create")
    submitted = transition.sync_detailed(
        report_id,
        client=operator,
        body=models.ReportTransitionRequest.from_dict({"transition": "submit"}),
    )
    assert submitted.status_code == 200, submitted.content
    verifier = signed_in(personas.verifier_a, region_a)
    verified = transition.sync_detailed(
        report_id,
        client=verifier,
        body=models.ReportTransitionRequest.from_dict({"transition": "verify"}),
    )
    assert verified.status_code == 200, verified.content
    assert verified.parsed.status.value == "verified"

    admin = signed_in(personas.admin_a, region_a)
    published = _module("api.publishing.innovations_publication_update").sync_detailed(
        innovation.id,
        client=admin,
        body=models.PublicationInputRequest(contact_name="Rina", contact_email="rina@banjar.test"),
    )
    assert published.status_code == 201, published.content
    apply_effects()  # the catalog entry, as the worker writes it
    entry = CatalogEntry.objects.get(region=region_a, innovation_id=innovation.id)

    requester = signed_in(personas.admin_b, region_b)
    asked = _module("api.replication.replication_requests_create").sync_detailed(
        client=requester,
        body=models.RequestCreateRequest(
            public_id=entry.public_id,
            message="Kami ingin mereplikasi.",
            letter=types.File(
                payload=io.BytesIO(PDF_BYTES),
                file_name="surat-minat.pdf",
                mime_type="application/pdf",
            ),
        ),
    )
    assert asked.status_code == 201, asked.content
    assert asked.parsed.status.value == "submitted"
