"""What the benchmark scripts share: a database of their own, Django set up on it, management
commands in subprocesses, timing with percentiles, and the bulk data of a full country (every
active region with its innovations, verified reports, answers, evidence and publications, plus
credited replication requests between regions).

Each script names its own database (lumbung_bench, lumbung_bench_registry, ...), dropped and
created fresh on the server of DATABASE_URL (or the local default), so the figures start from
nothing and no script clobbers another's or the development data. BENCH_DATABASE, when set,
replaces that name (to run a script beside another copy of itself).
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Bench:
    """A benchmark's database and environment. `debug`, `media_root` and `cache_prefix` are
    passed to Django (and to the commands it runs) when given."""

    database: str
    debug: bool | None = None
    media_root: str | None = None
    cache_prefix: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.database = os.environ.get("BENCH_DATABASE") or self.database

    def env(self) -> dict[str, str]:
        values = dict(os.environ)
        values.update(
            PYTHONPATH=os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
            DJANGO_SETTINGS_MODULE="lumbung.settings",
            DJANGO_ENV="development",
            DATABASE_NAME=self.database,
        )
        if self.debug is not None:
            values["DEBUG"] = "true" if self.debug else "false"
        if self.media_root is not None:
            values["MEDIA_ROOT"] = self.media_root
        if self.cache_prefix is not None:
            values["CACHE_KEY_PREFIX"] = self.cache_prefix
        values.update(self.extra_env)
        return values

    def setup_django(self) -> None:
        """Django in this process, on the bench database (nothing connects yet)."""
        import django

        os.environ.update(self.env())
        sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
        django.setup()

    def manage(self, *args: str, accept: tuple[int, ...] = (0,)) -> tuple[float, str]:
        """Run `manage.py args` on the bench database; seconds and its output. Exits the
        script when the command ends with a code not in `accept`."""
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        if result.returncode not in accept:
            sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return elapsed, result.stdout.strip()

    @contextmanager
    def session(self, *, keep: bool = False, fresh: bool = True) -> Iterator[None]:
        """Django set up on the bench database, created anew when `fresh`. On the way out, even
        after a failure, Ctrl-C or a SIGTERM, a fresh database is dropped and the bench's cache
        keys deleted unless `keep`, and the media folder is removed."""
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
        try:
            self.setup_django()
            if fresh:
                self.recreate_database()
            try:
                yield
            finally:
                if fresh and not keep:
                    self.drop_database()
                    self.clear_cache()
        finally:
            if self.media_root is not None:
                shutil.rmtree(self.media_root, ignore_errors=True)
            signal.signal(signal.SIGTERM, previous)

    def clear_cache(self) -> None:
        """Delete the keys this bench wrote under its own `cache_prefix` (none without one: the
        keys of the default prefix are not the bench's to delete)."""
        if self.cache_prefix is None:
            return
        from django.core.cache import cache

        try:
            client = cache._cache.get_client(write=True)  # Django's RedisCache
            keys = list(client.scan_iter(match=f"{self.cache_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        except Exception as exc:  # a bench must not fail on its way out for a cache
            print(f"note: the bench's cache keys were not deleted ({exc})", file=sys.stderr)

    @contextmanager
    def worker_and_beat(
        self, queue: str, *, concurrency: int = 1, name: str = "bench@%h"
    ) -> Iterator[tuple[list[subprocess.Popen], object]]:
        """One Celery worker as deploy/entrypoint.sh starts it (prefork, `concurrency`
        processes) and beat (the effect pipeline's sweep), on the bench database and `queue`;
        both write to one temporary log; stopped on exit."""
        schedule = tempfile.mkdtemp(prefix="lumbung-bench-beat-")
        commands = [
            [
                sys.executable, "-m", "celery", "-A", "lumbung", "worker",
                "--concurrency", str(concurrency), "-Q", queue, "-n", name,
                "--without-gossip", "--without-mingle", "--loglevel", "warning",
            ],
            [
                sys.executable, "-m", "celery", "-A", "lumbung", "beat",
                "--schedule", f"{schedule}/schedule", "--loglevel", "warning",
            ],
        ]  # fmt: skip
        processes: list[subprocess.Popen] = []
        with tempfile.TemporaryFile() as log:
            try:
                for command in commands:
                    processes.append(
                        subprocess.Popen(command, env=self.env(), cwd=ROOT, stdout=log, stderr=log)
                    )
                yield processes, log
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    try:
                        process.wait(timeout=30)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
                shutil.rmtree(schedule, ignore_errors=True)

    def migrate_and_activate_all(self) -> None:
        """The schema migrated and all 552 regions activated, with the times printed."""
        seconds, _ = self.manage("migrate_schemas", "--noinput", "-v", "0")
        print(f"setup: database migrated in {seconds:.1f} s")
        seconds, output = self.manage("activate_regions", "--all", "--no-progress")
        print(f"setup: all 552 regions activated in {seconds:.1f} s ({output.splitlines()[-1]})")

    def recreate_database(self) -> None:
        self._maintenance(
            f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)",
            f"CREATE DATABASE {self.database}",
        )

    def drop_database(self) -> None:
        self._maintenance(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")

    def _maintenance(self, *statements: str) -> None:
        """Run statements from the server's maintenance database ('postgres'), as Django's own
        test runner creates and drops databases."""
        from django.db import connection

        connection.close()
        with connection._nodb_cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        connection.close()


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """A bench stopped with SIGTERM (kill, a time-out) unwinds like Ctrl-C, so its clean-up runs."""
    raise SystemExit(128 + signum)


# ---- timing ------------------------------------------------------------------------------------


@dataclass
class Timing:
    samples: list[float]  # milliseconds
    result: object = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 0.95)


def freeze_heap() -> None:
    """Move everything built so far out of the garbage collector's way, as lumbung/wsgi.py does
    after start-up, so full collections over the benchmark's own setup objects are not timed."""
    gc.collect()
    gc.freeze()


def timed(function: Callable[[], object], runs: int) -> Timing:
    """`runs` timings of `function` in milliseconds, after one warm-up call and a heap freeze;
    with the last result."""
    result = function()
    freeze_heap()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(samples, result)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def machine_load() -> str:
    """The 1, 5 and 15 minute load averages: printed with figures taken on a shared machine."""
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def verdict(p95: float, target: float, median: float | None = None) -> str:
    if p95 < target:
        return "met"
    return "median met, p95 above" if median is not None and median < target else "NOT MET"


# ---- a full country of data, bulk inserted -----------------------------------------------------

# Vocabulary for varied, realistic names and texts.
PREFIXES = [
    "Sistem Informasi",
    "Layanan",
    "Gerakan",
    "Aplikasi",
    "Program",
    "Pelayanan Terpadu",
    "Sekolah",
    "Rumah",
    "Kampung",
    "Jemput Bola",
    "Klinik",
    "Pojok",
    "Mal Pelayanan",
    "Sapa",
    "Desa",
    "Satu Data",
    "Posyandu",
    "Inovasi",
    "Bank",
    "Gerai",
]
SUBJECTS = [
    "Kesehatan Ibu dan Anak",
    "Adminduk",
    "Perizinan",
    "Sampah",
    "Stunting",
    "Pertanian Organik",
    "Nelayan",
    "UMKM",
    "Pajak Daerah",
    "Air Bersih",
    "Literasi",
    "Lansia",
    "Disabilitas",
    "Bencana",
    "Pangan",
    "Pariwisata",
    "Kependudukan",
    "Gizi Balita",
    "Sanitasi",
    "Pendidikan Vokasi",
    "Ketahanan Pangan",
    "Kebersihan Pasar",
    "Imunisasi",
    "Tenaga Kerja",
    "Perpustakaan",
    "Pengaduan Warga",
    "Jalan Desa",
    "Perikanan",
    "Koperasi",
    "Keluarga Berencana",
]
SUFFIXES = [
    "Digital",
    "Terpadu",
    "Keliling",
    "Online",
    "Mandiri",
    "Cerdas",
    "Sehat",
    "Bersama",
    "Cepat",
    "Plus",
]
SENTENCES = [
    "Warga mendapat layanan lebih cepat tanpa harus datang ke kantor dinas.",
    "Pelayanan dilakukan langsung di desa oleh petugas yang terlatih.",
    "Data penerima manfaat tercatat rapi dan dapat dipantau setiap bulan.",
    "Biaya perjalanan masyarakat berkurang dan waktu tunggu menjadi singkat.",
    "Kolaborasi dengan puskesmas, sekolah dan kelompok masyarakat diperkuat.",
    "Angka stunting turun setelah pendampingan gizi keluarga berjalan.",
    "Pengaduan warga ditanggapi kurang dari tiga hari kerja.",
    "Petani memperoleh informasi harga dan cuaca melalui telepon genggam.",
    "Pendapatan asli daerah meningkat karena pembayaran pajak lebih mudah.",
    "Sampah rumah tangga dipilah dan ditabung sehingga bernilai ekonomi.",
    "Anak putus sekolah kembali belajar melalui kelas malam di balai desa.",
    "Lansia dan penyandang disabilitas dilayani di rumah masing-masing.",
    "Pelaku UMKM mendapat pendampingan pemasaran dan perizinan usaha.",
    "Air bersih tersedia bagi dusun yang sebelumnya kesulitan sumber air.",
    "Relawan tanggap bencana dilatih dan terhubung dengan pusat komando.",
]
DESIGN = " ".join(
    [
        "Dasar hukum inovasi adalah peraturan kepala daerah. Permasalahan utama adalah akses "
        "layanan yang jauh dan lambat. Metode pembaharuan memadukan teknologi dan pendampingan."
    ]
    * 14  # over the 300 words a profile needs to count in the index
)


def text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.sample(SENTENCES, sentences))


# SID levels a region chooses from, with spread_levels (one range per region, in turn).
LEVEL_RANGES = [(1, 1), (1, 2), (1, 3), (2, 3), (1, 3), (2, 3), (3, 3)]


@dataclass
class Country:
    """What `build_country` made."""

    regions: int
    innovations: int
    answers: int
    requests: int


def build_country(
    per_region: int,
    *,
    answers_per_innovation: int = 4,
    statuses: tuple[str, ...] = ("verified",),
    publish: bool = True,
    requests: int = 3000,
    spread_levels: bool = False,
) -> Country:
    """In every active region's schema: 3 OPD units, `per_region` innovations with varied
    Indonesian names and texts, their reports for the current year (statuses cycling through
    `statuses`) with `answers_per_innovation` answered SID indicators each, the region's SPD
    answers at a level of its own (so indexes and predicates vary), accepted evidence rows for
    every answer sharing one stored path, and with `publish` a Publication per innovation (a
    document on every fifth). In the public schema `requests` replication requests in credited
    statuses between random regions. With `spread_levels`, the SID levels a region chooses
    lean low, middling or high by region, so estimates spread over every predicate as real
    regions' do (otherwise levels 1-3 are equally likely everywhere). Bulk inserts only (no
    services, no signals)."""
    from datetime import date

    from django.db import connection
    from django_tenants.utils import tenant_context

    from regions.models import Region
    from replication.requests.models import ReplicationRequest
    from rubric.selectors import year_rubric
    from rubric.years import current_year
    from tenants.assessment.models import Answer, Evidence, EvidenceStatus, Report
    from tenants.innovations.models import Form, Innovation, Stage
    from tenants.organization.models import OpdUnit
    from tenants.publishing.models import Publication, PublicationDocument

    year = current_year()
    rubric = year_rubric(year)
    affairs = list(rubric.affairs)
    sid = [indicator.code for indicator in rubric.part("sid")]
    spd = [indicator.code for indicator in rubric.part("spd")]
    stages, forms = list(Stage.values), list(Form.values)
    regions = list(Region.objects.filter(is_active=True).order_by("code"))
    published: list[tuple[int, int, object, str]] = []  # region id, innovation id, public id, name
    answer_count = 0
    for index, region in enumerate(regions):
        rng = random.Random(index)
        low, high = LEVEL_RANGES[index % len(LEVEL_RANGES)] if spread_levels else (1, 3)
        with tenant_context(region):
            units = OpdUnit.objects.bulk_create(
                [
                    OpdUnit(name="Dinas Kesehatan"),
                    OpdUnit(name="Dinas Pendidikan"),
                    OpdUnit(name="Bappeda"),
                ]
            )
            names = rng.sample(
                [f"{p} {s} {x}" for p in PREFIXES for s in SUBJECTS for x in SUFFIXES], per_region
            )
            innovations = Innovation.objects.bulk_create(
                [
                    Innovation(
                        name=name,
                        opd=units[number % 3],
                        stage=stages[number % len(stages)],
                        initiator="opd",
                        is_digital=rng.random() < 0.55,
                        form=forms[number % len(forms)],
                        affair=rng.choice(affairs),
                        implemented_on=date(2024, 1 + number % 12, 1 + number % 28),
                        trial_started_on=date(2023, 1 + number % 12, 1),
                        design=DESIGN,
                        goals=text(rng, 2),
                        benefits=text(rng, 3),
                        results=text(rng, 2),
                    )
                    for number, name in enumerate(names)
                ]
            )
            reports = Report.objects.bulk_create(
                [
                    Report(
                        innovation=innovation, year=year, status=statuses[number % len(statuses)]
                    )
                    for number, innovation in enumerate(innovations)
                ]
            )
            answers = Answer.objects.bulk_create(
                [
                    Answer(
                        year=year,
                        report=report,
                        indicator_code=code,
                        basis=rubric.bases(code)[0],
                        level=rng.randint(low, high),
                    )
                    for report in reports
                    for code in rng.sample(sid, answers_per_innovation)
                ],
                batch_size=5000,
            )
            # The region's own (SPD) answers, at a level of its own: regions get varied indexes
            # and predicates, as the predicate facet needs.
            spd_level = 1 + index % 3
            answers += Answer.objects.bulk_create(
                [
                    Answer(
                        year=year,
                        indicator_code=code,
                        basis=rubric.bases(code)[0],
                        level=max(1, min(3, spd_level + rng.randint(-1, 1))),
                    )
                    for code in spd
                ]
            )
            answer_count += len(answers)
            Evidence.objects.bulk_create(
                [
                    Evidence(
                        answer=answer,
                        file=f"regions/{region.schema_name}/evidence/bukti.pdf",
                        original_name="bukti.pdf",
                        content_type="application/pdf",
                        size=1000,
                        status=EvidenceStatus.ACCEPTED,
                    )
                    for answer in answers
                ],
                batch_size=5000,
            )
            if publish:
                publications = Publication.objects.bulk_create(
                    [
                        Publication(
                            innovation=innovation,
                            contact_name="Narahubung Inovasi",
                            contact_email=f"inovasi@{region.slug}.go.id",
                        )
                        for innovation in innovations
                    ]
                )
                PublicationDocument.objects.bulk_create(
                    [
                        PublicationDocument(
                            publication=publication,
                            kind="sop",
                            title="SOP pelaksanaan",
                            file=f"regions/{region.schema_name}/publishing/sop.pdf",
                            original_name="sop.pdf",
                            content_type="application/pdf",
                            size=2000,
                        )
                        for publication in publications[::5]
                    ]
                )
            published += [
                (region.pk, innovation.pk, innovation.public_id, innovation.name)
                for innovation in innovations
            ]
    connection.set_schema_to_public()
    rng = random.Random(552)
    region_ids = [region.pk for region in regions]
    made, seen = [], set()
    while len(made) < requests:
        origin_id, innovation_id, public_id, name = rng.choice(published)
        requester_id = rng.choice(region_ids)
        key = (requester_id, origin_id, innovation_id)
        if requester_id == origin_id or key in seen:
            continue
        seen.add(key)
        made.append(
            ReplicationRequest(
                requester_id=requester_id,
                origin_id=origin_id,
                origin_innovation_id=innovation_id,
                origin_public_id=public_id,
                innovation_name=name,
                status=rng.choice(["agreement", "implementation", "completed"]),
            )
        )
    ReplicationRequest.objects.bulk_create(made, batch_size=1000)
    return Country(len(regions), len(published), answer_count, len(made))
