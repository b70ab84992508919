"""Objects of the idea box and the lab for the route walks (tests/core/test_every_route.py): an
accepted idea of region A, and a lab project of OPD A with a document and an SK Tim Inovasi."""

from __future__ import annotations

import datetime

from tests.registry.helpers import pdf


def ideas_and_lab_objects(region, personas) -> dict[str, dict[str, int]]:
    from tenants.ideas.services import idea_submit_public, idea_triage
    from tenants.lab.services import commitment_save, document_add, project_create

    idea = idea_submit_public(
        region=region,
        data={"title": "Ide uji", "problem": "Masalah", "proposal": "Usul", "proposer_name": "A"},
    )
    idea_triage(region=region, actor=personas.admin_a, idea=idea, status="accepted")
    project = project_create(
        region=region, actor=personas.admin_a, opd=personas.opd_a, title="Proyek uji"
    )
    document = document_add(
        region=region,
        actor=personas.admin_a,
        project=project,
        kind="commitment_letter",
        upload=pdf(),
    )
    commitment = commitment_save(
        region=region,
        actor=personas.admin_a,
        opd=personas.opd_a,
        year=2026,
        kind="sk_tim_inovasi",
        number="800/1/2026",
        signed_on=datetime.date(2026, 1, 5),
        signed_by="Kepala Dinas",
        upload=pdf(),
    )
    return {
        "idea": {"pk": idea.pk},
        "lab_project": {"pk": project.pk},
        "lab_document": {"pk": project.pk, "doc_id": document.pk},
        "commitment": {"pk": commitment.pk},
    }
