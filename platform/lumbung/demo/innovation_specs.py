"""The shape of the demo's innovations, and the texts shared by all regions.

A spec is data: the profile an OPD would type, and where its yearly report should end up in the
verification workflow. demo.innovations turns specs into rows through the real services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class Plan:
    """Where the current year's report ends after seeding."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    RETURNED = "returned"


@dataclass(frozen=True)
class InnovationSpec:
    name: str
    opd: str  # short name of a standard OPD unit (tenants.organization.standard_units)
    affair: str  # rubric.GovernmentAffair code
    form: str  # tenants.innovations.models.Form value
    digital: bool
    stage: str  # tenants.innovations.models.Stage value
    plan: str = Plan.DRAFT
    goals: str = ""
    benefits: str = ""
    results: str = ""
    # Parts of the rancang bangun; demo.innovations composes them with the legal basis, the
    # strategic issue of the urusan and a closing paragraph into a design of 300+ words.
    problem: str = ""
    approach: str = ""
    steps: tuple[str, ...] = ()
    novelty: str = ""
    design: str = ""  # a verbatim rancang bangun (the seed documents) instead of composing one
    short_design: bool = False  # deliberately below the national minimum of 300 words
    initiator: str = "opd"
    initiator_name: str = ""
    trial: date | None = None
    implemented: date | None = None
    budget: int | None = None
    benefit_basis: str = "jumlah-penerima"  # SID-33 basis
    replicated: int = 0  # SID-31 level: replicated by this many other regions (0: unanswered)
    evidence_share: float | None = None  # share of answers with evidence; default by plan
    previous_year: bool = False  # also reported (and kept) for the previous assessment year
    previous_verified: bool = True  # False: last year's report never got past the draft
    notes: dict[str, str] = field(default_factory=dict)  # indicator code -> answer note
    review_notes: tuple[tuple[str, str], ...] = ()  # the verifier's notes when returned


@dataclass(frozen=True)
class RegionDemo:
    slug: str
    regulation: str  # the region's regulation on inovasi daerah (legal basis, SID-16 note)
    regulation_level: int  # SID-16 level it proves: 1 SK, 2 Perkada, 3 Perda
    center: tuple[float, float]  # latitude, longitude of the capital
    innovations: tuple[InnovationSpec, ...]
    spd_answered: int = 16  # how many of the 21 SPD indicators the region has answered


# One sentence per urusan: the strategic issue an innovation of that affair answers.
STRATEGIC_ISSUES = {
    "kesehatan": "Isu strategis yang dijawab adalah penurunan stunting, angka kematian ibu dan bayi, serta pemerataan akses layanan kesehatan dasar hingga desa yang jauh dari puskesmas.",
    "pendidikan": "Isu strategis yang dijawab adalah mutu pembelajaran dan kemampuan literasi-numerasi peserta didik yang masih di bawah rata-rata nasional, serta angka putus sekolah di desa.",
    "pekerjaan-umum-penataan-ruang": "Isu strategis yang dijawab adalah kemantapan jalan kabupaten, akses air minum layak, dan kecepatan penanganan kerusakan infrastruktur yang dilaporkan masyarakat.",
    "perumahan-rakyat-kawasan-permukiman": "Isu strategis yang dijawab adalah jumlah rumah tidak layak huni dan kawasan permukiman kumuh yang masih tinggi, terutama pada keluarga berpenghasilan rendah.",
    "ketenteraman-ketertiban-umum-perlindungan-masyarakat": "Isu strategis yang dijawab adalah kesiapsiagaan masyarakat menghadapi bencana dan gangguan ketertiban, serta kecepatan respons pemerintah daerah di lapangan.",
    "sosial": "Isu strategis yang dijawab adalah ketepatan sasaran bantuan sosial, pemutakhiran data terpadu kesejahteraan sosial, dan perlindungan bagi kelompok rentan.",
    "administrasi-kependudukan-pencatatan-sipil": "Isu strategis yang dijawab adalah cakupan kepemilikan dokumen kependudukan (akta kelahiran, KTP-el, KIA) yang belum merata di desa-desa terjauh.",
    "kepegawaian": "Isu strategis yang dijawab adalah disiplin dan kinerja aparatur sipil negara serta keberlanjutan hasil pelatihan kepemimpinan dalam pelayanan publik.",
    "penelitian-pengembangan": "Isu strategis yang dijawab adalah rendahnya nilai Indeks Inovasi Daerah dan belum terbangunnya budaya inovasi yang terdokumentasi di setiap perangkat daerah.",
    "lingkungan-hidup": "Isu strategis yang dijawab adalah pengelolaan sampah rumah tangga, pencemaran sungai, dan rendahnya partisipasi warga dalam menjaga lingkungan.",
    "penanaman-modal": "Isu strategis yang dijawab adalah lamanya proses perizinan berusaha yang menghambat investasi dan tumbuhnya usaha baru di daerah.",
    "statistik": "Isu strategis yang dijawab adalah data sektoral yang tersebar, tidak seragam, dan sulit dipakai bersama untuk perencanaan pembangunan daerah.",
    "komunikasi-informatika": "Isu strategis yang dijawab adalah kesenjangan akses internet antara pusat kabupaten dan desa, serta keterbukaan informasi publik.",
    "keuangan": "Isu strategis yang dijawab adalah efisiensi belanja operasional perangkat daerah agar anggaran dapat dialihkan ke program pelayanan publik.",
    "pariwisata": "Isu strategis yang dijawab adalah kebocoran retribusi, antrean loket di destinasi wisata, dan data kunjungan wisatawan yang belum akurat.",
    "perdagangan": "Isu strategis yang dijawab adalah rantai pemasaran hasil tani yang panjang sehingga harga di tingkat petani rendah.",
    "pertanian": "Isu strategis yang dijawab adalah produktivitas komoditas unggulan daerah, serangan organisme pengganggu tumbuhan, dan regenerasi petani.",
}
GENERIC_ISSUE = "Isu strategis yang dijawab adalah kualitas pelayanan publik dan tata kelola pemerintahan daerah yang efektif, efisien dan akuntabel."

# Closing paragraphs of a composed rancang bangun; one is picked per innovation.
SUSTAINABILITY = (
    "Keberlanjutan. {opd} menetapkan tim pengelola inovasi dengan pembagian peran yang jelas, menganggarkan kegiatan inovasi dalam dokumen pelaksanaan anggaran, dan melaporkan capaiannya setiap triwulan kepada Bappeda {region}. Hasil monitoring dan evaluasi dipakai untuk memperbaiki prosedur, sedangkan dokumentasi kegiatan disimpan sebagai bukti dukung penilaian Indeks Inovasi Daerah.",
    "Keberlanjutan. Inovasi ini dimasukkan ke dalam rencana kerja {opd} sehingga tidak bergantung pada satu orang pejabat. Setiap tahun dilakukan evaluasi bersama pemangku kepentingan, survei kepuasan penerima manfaat, dan penyesuaian standar operasional prosedur. Pemerintah {region} mendorong agar inovasi ini dapat direplikasi oleh perangkat daerah lain maupun daerah tetangga.",
    "Keberlanjutan. Pelaksanaan inovasi dipantau melalui rapat evaluasi bulanan di {opd} dan dilaporkan dalam forum inovasi daerah yang difasilitasi Bappeda {region}. Kendala di lapangan dicatat, dibahas bersama, lalu dituangkan dalam perbaikan petunjuk teknis, sehingga inovasi terus berkembang dan manfaatnya dapat diukur dari tahun ke tahun.",
)
STAKEHOLDERS = "Peran pemangku kepentingan. Pelaksanaan inovasi melibatkan pemerintah desa, tokoh masyarakat, organisasi kemasyarakatan, perguruan tinggi, dan media lokal. Masing-masing berperan dalam sosialisasi, pendampingan, pengawasan, dan penyebarluasan hasil, sehingga inovasi tidak hanya menjadi program pemerintah tetapi juga gerakan bersama masyarakat."

# What the evidence of each SID indicator is called, and whether it is a photo or screenshot
# (sent as an image) or a document (sent as a PDF), when the indicator accepts both.
EVIDENCE_DOCUMENTS = {
    "SID-16": ("regulasi-inovasi", "pdf"),
    "SID-17": ("sk-tim-pengelola-inovasi", "pdf"),
    "SID-18": ("dokumen-anggaran", "pdf"),
    "SID-19": ("foto-alat-kerja", "png"),
    "SID-20": ("sertifikat-bimtek", "pdf"),
    "SID-21": ("rkpd-kegiatan-inovasi", "pdf"),
    "SID-22": ("dokumen-kerja-sama-aktor", "pdf"),
    "SID-23": ("surat-penugasan-pelaksana", "pdf"),
    "SID-24": ("sk-jejaring-perangkat-daerah", "pdf"),
    "SID-25": ("foto-sosialisasi", "png"),
    "SID-26": ("pedoman-teknis", "pdf"),
    "SID-27": ("tangkapan-layar-informasi-layanan", "png"),
    "SID-28": ("sop-layanan", "pdf"),
    "SID-29": ("rekap-pengaduan", "png"),
    "SID-30": ("tangkapan-layar-layanan-terintegrasi", "png"),
    "SID-31": ("surat-replikasi", "pdf"),
    "SID-32": ("laporan-tahapan-penciptaan", "pdf"),
    "SID-33": ("rekap-penerima-manfaat", "pdf"),
    "SID-34": ("laporan-monev", "pdf"),
    "SID-35": ("video-inovasi", "url"),
}

# Notes a verifier writes when returning a report, when a spec gives none.
DEFAULT_REVIEW_NOTES = (
    ("SID-18", "Halaman DPA yang memuat kegiatan inovasi belum ditandai (highlight)."),
    ("SID-16", "Lampirkan halaman yang memuat nama inovasi, bukan hanya halaman depan SK."),
    ("", "Perbaiki sesuai catatan lalu ajukan kembali sebelum batas waktu pengiriman."),
)

# Rejection notes for single evidence items during review.
REJECTION_NOTES = (
    "Dokumen tidak terbaca; unggah ulang hasil pindaian yang jelas.",
    "Tahun dokumen tidak sesuai; gunakan dokumen tahun berjalan.",
    "Bukti tidak memuat nama inovasi; lampirkan halaman yang menyebutkannya.",
)
