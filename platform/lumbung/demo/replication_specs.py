"""The demo's replication network, as data: which verified innovations the regions publish to the
national catalog, and the cooperation requests between the seed regions, each walked through the
real state machine to where it stands (demo.replication does the walking).

The headline is the seed documents' story: Tanah Bumbu, the lowest index of Kalimantan Selatan,
visited Banjar on 6 May 2024 and replicates Banjar's Laboratorium Inovasi under PermenPANRB
89/2020 (Jaringan Inovasi Pelayanan Publik), with a PKS; its own Labinov is the replica. Every
other status of a request appears at least once among the other regions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

LABINOV_BANJAR = "LABINOV BANJAR (Laboratorium Inovasi Daerah Kabupaten Banjar)"
LABINOV_TANAH_BUMBU = "LABINOV TANAH BUMBU (Replikasi Laboratorium Inovasi Kabupaten Banjar)"
# A visit that is still to come, three weeks after the demo is loaded.
UPCOMING_VISIT = date.today() + timedelta(days=21)


def this_year(month: int, day: int) -> date:
    """A day of the year the demo is loaded in, never after today (facts are not dated in the
    future): agreements of the year being reported, which the origin's report counts."""
    return min(date(date.today().year, month, day), date.today())


@dataclass(frozen=True)
class PublishSpec:
    region: str  # slug
    innovation: str  # exact name of a verified demo innovation of that region
    documents: tuple[tuple[str, str], ...] = (("sop", "SOP pelaksanaan"),)  # (kind, title)
    notes: str = ""


@dataclass(frozen=True)
class Step:
    """One transition of a request, fired by the admin of `side` ("requester" or "origin")."""

    name: str
    side: str
    data: dict[str, Any] = field(default_factory=dict)
    documents: tuple[tuple[str, str], ...] = ()  # (kind, title); files are generated


@dataclass(frozen=True)
class RequestSpec:
    requester: str  # slug
    origin: str  # slug
    innovation: str  # exact name of a published innovation of the origin
    message: str
    steps: tuple[Step, ...] = ()
    expire: bool = False  # left unanswered until its time ran out
    replica: str = ""  # the requester's demo spec that the replica becomes (demo.innovations)


def _sop(title: str = "SOP pelaksanaan") -> tuple[tuple[str, str], ...]:
    return (("sop", title),)


PUBLICATIONS: tuple[PublishSpec, ...] = (
    PublishSpec(
        "banjar",
        LABINOV_BANJAR,
        (
            ("sop", "SOP Laboratorium Inovasi (5D dan Documentation)"),
            ("regulation", "Peraturan Bupati Banjar tentang Inovasi Daerah"),
        ),
        "Terbuka untuk kunjungan kerja dan pendampingan; hubungi Bidang Litbang dan Inovasi.",
    ),
    PublishSpec(
        "banjar",
        "JEMPOL BANJAR (Jemput Bola Pelayanan Adminduk)",
        (
            ("sop", "SOP pelayanan adminduk jemput bola"),
            ("budget", "Rincian anggaran mobil layanan keliling"),
        ),
    ),
    PublishSpec("banjar", "SAPA SEKOLAH (Sistem Aplikasi Pemantauan Sekolah)", _sop()),
    PublishSpec("banjar", "POSYANDU REMAJA SEHAT BANJAR", _sop("Panduan posyandu remaja")),
    PublishSpec("banjar", "LAYAN SATU (Layanan Sosial Terpadu Satu Pintu)", _sop()),
    PublishSpec("banjar", "SI PANTAU JALAN (Sistem Pengaduan Jalan Rusak)", _sop()),
    PublishSpec("tanah-bumbu", "SEKOLAH ALAM PESISIR", _sop("Panduan pembelajaran")),
    PublishSpec(
        "tanah-bumbu",
        "PERTASA (Perizinan Tuntas Satu Hari)",
        (("sop", "SOP perizinan satu hari"), ("regulation", "Keputusan Bupati tentang PERTASA")),
    ),
    PublishSpec("balangan", "BASADA (Balangan Satu Data)", _sop("Panduan tata kelola data")),
    PublishSpec("balangan", "GURU BERBAGI PRAKTIK BAIK", _sop()),
    PublishSpec(
        "balangan",
        "AMBULANS DESA SIAGA",
        (("sop", "SOP panggilan ambulans desa"), ("budget", "Rincian anggaran operasional")),
    ),
    PublishSpec(
        "mandailing-natal",
        "BAGINDA MADINA (Bagas Data Inovasi Daerah Mandailing Natal)",
        (("guide", "Panduan Labinov 5D + 1 bersama LAN RI"),),
    ),
    PublishSpec(
        "mandailing-natal",
        "SIGAP STUNTING (Sistem Informasi Gerakan Pencegahan Stunting)",
        (("sop", "SOP pendataan balita berisiko"), ("guide", "Panduan kader posyandu")),
    ),
    PublishSpec("mandailing-natal", "GEMAR LITERASI (Guru Penggerak Literasi Madina)", _sop()),
    PublishSpec("mandailing-natal", "DESA TANGGUH BENCANA BATANG GADIS", _sop()),
    PublishSpec(
        "karo",
        "LEARNING ORGANIZATIONS INNOVATION BASED",
        (("guide", "Panduan ruang diskusi rutin inovasi"),),
    ),
    PublishSpec("karo", "GURU KUNJUNG LADANG", _sop()),
    PublishSpec("karo", "KLINIK JERUK KELILING", _sop("Panduan klinik lapangan")),
    PublishSpec(
        "magetan", "GEMAR HEMAT (Gerakan Hemat Energi dan Air Kantor)", _sop("Panduan audit")
    ),
    PublishSpec("magetan", "KELAS INSPIRASI DESA", _sop()),
    PublishSpec(
        "magetan",
        "POSBINDU PASAR (Pos Pembinaan Terpadu di Pasar Tradisional)",
        _sop("SOP pemeriksaan di pasar"),
    ),
)


def _visit(day: date, participants: str, *, confirmed: bool = True) -> tuple[Step, ...]:
    """The visit, recorded by the origin and (unless `confirmed` is False) confirmed by the
    requester."""
    steps = (
        Step("schedule_visit", "requester", {"visit_date": day}),
        Step(
            "complete_visit",
            "origin",
            {
                "visit_date": day,
                "visit_participants": participants,
                "note": "Kunjungan kerja dan diskusi tahapan penerapan.",
            },
            (("visit_minutes", "Notulen kunjungan kerja"), ("visit_photo", "Foto kunjungan kerja")),
        ),
    )
    if confirmed:
        steps += (Step("confirm_visit", "requester", {"note": "Sesuai dengan catatan kami."}),)
    return steps


def _agreement(
    kind: str,
    number: str,
    signed: date,
    until: date | None = None,
    *,
    confirmed: bool = True,
    reverse_innovation: str = "",
) -> tuple[Step, ...]:
    """The agreement, recorded by the requester and (unless `confirmed` is False) confirmed by
    the origin; `reverse_innovation` names the requester's innovation the origin replicates
    under the same agreement."""
    data: dict[str, Any] = {
        "agreement_kind": kind,
        "agreement_number": number,
        "agreement_signed_on": signed,
    }
    if until is not None:
        data["agreement_valid_until"] = until
    if reverse_innovation:
        data["reverse_innovation"] = reverse_innovation
    steps: tuple[Step, ...] = (
        Step("record_agreement", "requester", data, (("agreement", "Naskah kesepakatan"),)),
    )
    if confirmed:
        steps += (Step("confirm_agreement", "origin", {"note": "Naskah sesuai; terkonfirmasi."}),)
    return steps


ACCEPT = Step("accept", "origin", {"note": "Dengan senang hati; kami siapkan bahan paparan."})

REQUESTS: tuple[RequestSpec, ...] = (
    # The seed story: Tanah Bumbu learns Labinov from Banjar (implementasi, replica created).
    RequestSpec(
        "tanah-bumbu",
        "banjar",
        LABINOV_BANJAR,
        "Berdasarkan PermenPANRB Nomor 89 Tahun 2020 tentang Jaringan Inovasi Pelayanan Publik, "
        "Pemerintah Kabupaten Tanah Bumbu bermaksud mereplikasi Laboratorium Inovasi Kabupaten "
        "Banjar untuk meningkatkan jumlah dan mutu inovasi OPD kami.",
        (
            ACCEPT,
            *_visit(
                date(2024, 5, 6),
                "Bappeda Kabupaten Tanah Bumbu (Dian Tantri dan tim Bidang Litbang); "
                "Bappedalitbang Kabupaten Banjar (Nuri Ansyari dan tim Labinov)",
            ),
            *_agreement("pks", "PKS/070/12/BAPPEDA-TB/2024", date(2024, 7, 15), date(2027, 7, 14)),
            Step("start_implementation", "requester", {"opd": "Bappeda"}),
        ),
        replica=LABINOV_TANAH_BUMBU,
    ),
    # Balangan brings adminduk services to its villages the Banjar way (selesai).
    RequestSpec(
        "balangan",
        "banjar",
        "JEMPOL BANJAR (Jemput Bola Pelayanan Adminduk)",
        "Kami ingin menerapkan layanan adminduk jemput bola di desa-desa terpencil Balangan.",
        (
            ACCEPT,
            *_visit(
                date(2024, 10, 2),
                "Disdukcapil dan Bappelitbangda Kabupaten Balangan; Disdukcapil Kabupaten Banjar",
            ),
            *_agreement("mou", "MoU/470/05/DISDUKCAPIL-BLG/2024", date(2024, 11, 4)),
            Step("start_implementation", "requester", {"opd": "Disdukcapil"}),
            Step("confirm", "requester", {"note": "Layanan keliling berjalan di 8 kecamatan."}),
            Step("confirm", "origin", {"note": "Terima kasih; semoga bermanfaat."}),
        ),
    ),
    # Magetan agreed to adopt Mandailing Natal's stunting system (kesepakatan).
    RequestSpec(
        "magetan",
        "mandailing-natal",
        "SIGAP STUNTING (Sistem Informasi Gerakan Pencegahan Stunting)",
        "Dinas Kesehatan Magetan berminat memakai SIGAP STUNTING untuk pendataan balita berisiko.",
        (
            ACCEPT,
            *_visit(date(2025, 2, 18), "Dinas Kesehatan dan Bappeda Kabupaten Magetan"),
            *_agreement("letter", "800/214/403.301/2025", date(2025, 3, 10)),
        ),
    ),
    # Magetan and Karo learn from each other under one agreement of this year: Magetan adopts
    # Karo's field clinic, Karo Magetan's village inspiration classes (kesepakatan, both
    # directions, counted in both origins' reports).
    RequestSpec(
        "magetan",
        "karo",
        "KLINIK JERUK KELILING",
        "Petani jeruk di lereng Lawu membutuhkan klinik lapangan seperti di Karo.",
        (
            ACCEPT,
            *_visit(this_year(1, 20), "Dinas Pertanian dan Bappeda Kabupaten Magetan"),
            *_agreement(
                "pks",
                "PKS/521/03/DISTAN-MGT/" + str(this_year(2, 5).year),
                this_year(2, 5),
                reverse_innovation="KELAS INSPIRASI DESA",
            ),
        ),
    ),
    # Balangan recorded its agreement with Mandailing Natal; Madina has not confirmed it yet
    # (kesepakatan menunggu konfirmasi: no credit until it does).
    RequestSpec(
        "balangan",
        "mandailing-natal",
        "DESA TANGGUH BENCANA BATANG GADIS",
        "Desa-desa di bantaran Sungai Balangan rawan banjir; kami ingin belajar dari Batang Gadis.",
        (
            ACCEPT,
            *_visit(this_year(1, 14), "BPBD dan Bappelitbangda Kabupaten Balangan"),
            *_agreement(
                "commitment",
                "360/045/BPBD-BLG/" + str(this_year(1, 28).year),
                this_year(1, 28),
                confirmed=False,
            ),
        ),
    ),
    # Banjar's visit to Madina's literacy teachers awaits Madina's confirmation
    # (kunjungan menunggu konfirmasi).
    RequestSpec(
        "banjar",
        "mandailing-natal",
        "GEMAR LITERASI (Guru Penggerak Literasi Madina)",
        "Dinas Pendidikan Banjar ingin menggerakkan guru literasi seperti di Mandailing Natal.",
        (
            ACCEPT,
            Step("schedule_visit", "requester", {"visit_date": this_year(1, 8)}),
            Step(
                "complete_visit",
                "requester",
                {
                    "visit_date": this_year(1, 8),
                    "visit_participants": "Dinas Pendidikan dan Bappedalitbang Kabupaten Banjar",
                },
                (("visit_minutes", "Notulen kunjungan kerja"),),
            ),
        ),
    ),
    # Karo visited Mandailing Natal's innovation lab (kunjungan selesai).
    RequestSpec(
        "karo",
        "mandailing-natal",
        "BAGINDA MADINA (Bagas Data Inovasi Daerah Mandailing Natal)",
        "Kami ingin mempelajari pengelolaan data inovasi BAGINDA MADINA bersama LAN RI.",
        (ACCEPT, *_visit(date(2025, 8, 12), "Bappedalitbang Kabupaten Karo")),
    ),
    # Mandailing Natal will visit Karo's teachers in the fields (kunjungan dijadwalkan).
    RequestSpec(
        "mandailing-natal",
        "karo",
        "GURU KUNJUNG LADANG",
        "Banyak anak petani kopi di Madina ikut orang tuanya ke ladang; kami ingin belajar "
        "dari Guru Kunjung Ladang.",
        (ACCEPT, Step("schedule_visit", "requester", {"visit_date": UPCOMING_VISIT})),
    ),
    # Balangan accepted Tanah Bumbu's request for its village ambulances (diterima).
    RequestSpec(
        "tanah-bumbu",
        "balangan",
        "AMBULANS DESA SIAGA",
        "Desa-desa pesisir Tanah Bumbu jauh dari puskesmas; kami ingin mereplikasi ambulans desa.",
        (ACCEPT,),
    ),
    # Banjar just asked Magetan (diajukan).
    RequestSpec(
        "banjar",
        "magetan",
        "POSBINDU PASAR (Pos Pembinaan Terpadu di Pasar Tradisional)",
        "Pasar Martapura ramai setiap hari; kami ingin membuka posbindu di pasar seperti Magetan.",
    ),
    # Magetan declined: its innovation is being reworked (ditolak).
    RequestSpec(
        "balangan",
        "magetan",
        "GEMAR HEMAT (Gerakan Hemat Energi dan Air Kantor)",
        "Kami ingin menekan biaya listrik dan air kantor pemerintah daerah.",
        (
            Step(
                "decline",
                "origin",
                {
                    "note": "Mohon maaf, GEMAR HEMAT sedang kami sesuaikan dengan aturan pengadaan "
                    "energi yang baru. Silakan ajukan kembali tahun depan."
                },
            ),
        ),
    ),
    # Karo withdrew after its budget moved (dibatalkan).
    RequestSpec(
        "karo",
        "banjar",
        "SAPA SEKOLAH (Sistem Aplikasi Pemantauan Sekolah)",
        "Dinas Pendidikan Karo ingin memantau sekolah dengan aplikasi seperti SAPA SEKOLAH.",
        (
            ACCEPT,
            Step(
                "cancel",
                "requester",
                {
                    "note": "Anggaran TIK Dinas Pendidikan tahun ini dialihkan; kami akan "
                    "mengajukan kembali setelah APBD Perubahan."
                },
            ),
        ),
    ),
    # Nobody answered in time (kedaluwarsa).
    RequestSpec(
        "magetan",
        "tanah-bumbu",
        "PERTASA (Perizinan Tuntas Satu Hari)",
        "DPMPTSP Magetan ingin mempelajari perizinan tuntas satu hari.",
        expire=True,
    ),
)
