"""The rancang bangun (design narrative) of a demo innovation, composed from its spec. Pure text,
no database: the national form wants at least 300 words covering the legal basis, the problem,
the strategic issue, the method, how it works and what is new."""

from __future__ import annotations

import random

from lumbung.demo.innovation_specs import (
    GENERIC_ISSUE,
    STAKEHOLDERS,
    STRATEGIC_ISSUES,
    SUSTAINABILITY,
    InnovationSpec,
    RegionDemo,
)

RANCANG_BANGUN_TARGET = 300


def short_name(name: str) -> str:
    """'SIGAP STUNTING (Sistem ...)' -> 'SIGAP STUNTING'."""
    return name.split(" (", 1)[0].strip()


def compose_design(
    spec: InnovationSpec,
    demo: RegionDemo,
    *,
    region_name: str,
    opd_name: str,
    affair_name: str,
    basic_service: bool,
    rng: random.Random,
) -> str:
    """The seed text when there is one; otherwise the spec's own parts framed by the legal
    basis, the strategic issue of its urusan and closing paragraphs (300+ words); or, for a
    spec marked short, a deliberately incomplete draft."""
    if spec.design:
        return spec.design.strip()
    steps = "; ".join(f"({number}) {step}" for number, step in enumerate(spec.steps, start=1))
    if spec.short_design:
        return "\n\n".join(
            part for part in (spec.problem, spec.approach, f"Tahapan: {steps}.") if part
        )
    basis = (
        f"ketentuan Standar Pelayanan Minimal urusan {affair_name}"
        if basic_service
        else f"peraturan perundang-undangan urusan {affair_name}"
    )
    closings = list(SUSTAINABILITY)
    rng.shuffle(closings)
    paragraphs = [
        f"Dasar hukum. Inovasi {short_name(spec.name)} berpijak pada Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah, khususnya Pasal 386 sampai dengan Pasal 390 yang memberi ruang kepada pemerintah daerah untuk berinovasi, Peraturan Pemerintah Nomor 38 Tahun 2017 tentang Inovasi Daerah, {demo.regulation}, serta {basis}.",
        f"Permasalahan. {spec.problem}",
        STRATEGIC_ISSUES.get(spec.affair, GENERIC_ISSUE),
        f"Metode pembaharuan. {spec.approach}",
        f"Cara kerja inovasi: {steps}.",
        f"Keunggulan dan kebaharuan. {spec.novelty}",
        closings[0].format(opd=opd_name, region=region_name),
    ]
    extras = [
        STAKEHOLDERS,
        *(text.format(opd=opd_name, region=region_name) for text in closings[1:]),
    ]
    while len(" ".join(paragraphs).split()) < RANCANG_BANGUN_TARGET and extras:
        paragraphs.append(extras.pop(0))
    return "\n\n".join(paragraphs)
