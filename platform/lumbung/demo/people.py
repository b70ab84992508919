"""The demo's regions and people, as data. Names of Bappeda officers follow the seed documents
(Dian Tantri of Tanah Bumbu, Nuri Ansyari of Banjar, Noor Majid of Magetan)."""

from __future__ import annotations

from accounts.models import Role

DEMO_PASSWORD = "Lumbung-Demo-2026"  # noqa: S105 - documented demo login, demo data only
EMAIL_DOMAIN = "demo.lumbung.id"
PLATFORM_ADMIN = ("platform", "Operator Platform Lumbung", "Admin platform")
# Platform admins confirm every sign-in with a second factor (accounts.two_factor). The demo's
# has an authenticator with this published key, so a tester can add it to any TOTP app or ask
# `manage.py demo_logins --code` for the current code. Demo data only.
PLATFORM_ADMIN_TOTP_KEY = "4c756d62756e672d44656d6f2d323032362d746f7470"

# slug -> kabupaten/kota and provinsi of the seed documents
DEMO_REGIONS = (
    "provinsi-sumatera-utara",
    "mandailing-natal",
    "karo",
    "provinsi-kalimantan-selatan",
    "banjar",
    "tanah-bumbu",
    "balangan",
    "provinsi-jawa-timur",
    "magetan",
)

# (email local part, full name, position, region slug, role, OPD short name for operators)
DEMO_PEOPLE = (
    (
        "admin.mandailing-natal",
        "Rahmat Nasution",
        "Kabid Litbang dan Inovasi, Bappeda",
        "mandailing-natal",
        Role.REGION_ADMIN,
        None,
    ),
    (
        "verifikator.mandailing-natal",
        "Nur Aisyah Lubis",
        "Analis Kebijakan, Bappeda",
        "mandailing-natal",
        Role.VERIFIER,
        None,
    ),
    (
        "operator.mandailing-natal",
        "Fadli Hasibuan",
        "Operator Inovasi, Dinas Kesehatan",
        "mandailing-natal",
        Role.OPD_OPERATOR,
        "Dinkes",
    ),
    (
        "pimpinan.mandailing-natal",
        "H. Saipullah Nasution",
        "Bupati",
        "mandailing-natal",
        Role.LEADER,
        None,
    ),
    (
        "admin.karo",
        "Elisabeth Br Ginting",
        "Kabid Penelitian dan Pengembangan, Bappeda",
        "karo",
        Role.REGION_ADMIN,
        None,
    ),
    (
        "operator.karo",
        "Joni Sembiring",
        "Fasilitator Inovasi, Dinas Pendidikan",
        "karo",
        Role.OPD_OPERATOR,
        "Disdik",
    ),
    (
        "admin.banjar",
        "Nuri Ansyari",
        "Kabid Litbang dan Inovasi, Bappedalitbang",
        "banjar",
        Role.REGION_ADMIN,
        None,
    ),
    (
        "verifikator.banjar",
        "Rina Maulida",
        "Peneliti Ahli Muda, Bappedalitbang",
        "banjar",
        Role.VERIFIER,
        None,
    ),
    (
        "operator.banjar",
        "Ahmad Rizani",
        "Operator Inovasi, Dinas Kependudukan dan Pencatatan Sipil",
        "banjar",
        Role.OPD_OPERATOR,
        "Disdukcapil",
    ),
    (
        "admin.tanah-bumbu",
        "Dian Tantri",
        "Kabid Litbang, Bappeda",
        "tanah-bumbu",
        Role.REGION_ADMIN,
        None,
    ),
    (
        "operator.tanah-bumbu",
        "Muhammad Iqbal",
        "Operator Inovasi, Dinas Kesehatan",
        "tanah-bumbu",
        Role.OPD_OPERATOR,
        "Dinkes",
    ),
    ("pimpinan.tanah-bumbu", "Andi Rudi Latif", "Bupati", "tanah-bumbu", Role.LEADER, None),
    (
        "admin.balangan",
        "Siti Aulia Rahmah",
        "Kasubbid Inovasi dan Teknologi, Bappelitbangda",
        "balangan",
        Role.REGION_ADMIN,
        None,
    ),
    (
        "operator.balangan",
        "Hendra Saputra",
        "Admin Inovasi OPD, Dinas Komunikasi dan Informatika",
        "balangan",
        Role.OPD_OPERATOR,
        "Diskominfo",
    ),
    (
        "admin.magetan",
        "Noor Majid",
        "Kepala Bidang Litbang, Bappeda",
        "magetan",
        Role.REGION_ADMIN,
        None,
    ),
    (
        "verifikator.magetan",
        "Wahyu Kurniawan",
        "Analis Data Inovasi, Bappeda",
        "magetan",
        Role.VERIFIER,
        None,
    ),
    (
        "operator.magetan",
        "Sri Rahayu",
        "Operator Inovasi, Dinas Pendidikan",
        "magetan",
        Role.OPD_OPERATOR,
        "Disdik",
    ),
    (
        "admin.provinsi-sumatera-utara",
        "Irwan Siregar",
        "Kabid Riset dan Inovasi, Bappelitbang Provinsi",
        "provinsi-sumatera-utara",
        Role.REGION_ADMIN,
        None,
    ),
    (
        "pemantau.provinsi-sumatera-utara",
        "Maya Situmorang",
        "Analis Inovasi Provinsi",
        "provinsi-sumatera-utara",
        Role.PROVINCE_VIEWER,
        None,
    ),
    (
        "admin.provinsi-kalimantan-selatan",
        "Fitriani Noor",
        "Kabid Riset dan Inovasi, Balitbangda Provinsi",
        "provinsi-kalimantan-selatan",
        Role.REGION_ADMIN,
        None,
    ),
    (
        "pemantau.provinsi-kalimantan-selatan",
        "Gusti Rahman",
        "Analis Inovasi Provinsi",
        "provinsi-kalimantan-selatan",
        Role.PROVINCE_VIEWER,
        None,
    ),
    (
        "admin.provinsi-jawa-timur",
        "Bambang Sutrisno",
        "Kabid Inovasi, BRIDA Provinsi",
        "provinsi-jawa-timur",
        Role.REGION_ADMIN,
        None,
    ),
    (
        "pemantau.provinsi-jawa-timur",
        "Lestari Handayani",
        "Analis Inovasi Provinsi",
        "provinsi-jawa-timur",
        Role.PROVINCE_VIEWER,
        None,
    ),
    # One person with several regions: a provincial facilitator who verifies for three kabupaten.
    (
        "pendamping.kalsel",
        "Dewi Kartika",
        "Tim Pendamping Inovasi Kalimantan Selatan",
        "banjar",
        Role.VERIFIER,
        None,
    ),
    (
        "pendamping.kalsel",
        "Dewi Kartika",
        "Tim Pendamping Inovasi Kalimantan Selatan",
        "tanah-bumbu",
        Role.VERIFIER,
        None,
    ),
    (
        "pendamping.kalsel",
        "Dewi Kartika",
        "Tim Pendamping Inovasi Kalimantan Selatan",
        "balangan",
        Role.VERIFIER,
        None,
    ),
)


def demo_email(local_part: str) -> str:
    return f"{local_part}@{EMAIL_DOMAIN}"
