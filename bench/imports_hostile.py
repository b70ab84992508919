"""Benchmark: what hostile spreadsheets (each well under the 5 MB upload cap) cost the process
that imports them, and what a real 500-row table costs, through the shared bounded reader
(platform/imports).

    PYTHONPATH=platform:. .venv/bin/python bench/imports_hostile.py

Each file is read in a fresh Python process, as a web worker would (imports.reading.read_table),
so the figures are that process's own: wall time, its peak resident memory (VmHWM), and the
bounded parser process's peak, which the reader reports. No database is needed.
Target (issue #12): no file under the upload cap uses more than ~200 MB or 10 s of a web
process; peak memory of the importing process on each hostile file < 200 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _setup import ROOT

sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]

PROBE = """
import io, json, os, sys, time
sys.path[:0] = [{platform!r}, {root!r}]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lumbung.settings")
import django
django.setup()
from core.sheet_import import FileRejected
from imports.reading import read_table

def hwm():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

data = open({path!r}, "rb").read()
before = hwm()
started = time.perf_counter()
try:
    table = read_table(io.BytesIO(data), filename="upload.xlsx")
    outcome, parser = f"read {{len(table.rows)}} rows", table.parser_peak_kb
except FileRejected as exc:
    outcome, parser = "refused: " + exc.errors[0].message[:70], 0
print(json.dumps({{"seconds": time.perf_counter() - started, "peak_kb": hwm(),
                   "baseline_kb": before, "parser_kb": parser, "outcome": outcome}}))
"""


def real_table(rows: int = 500) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nama inovasi", "OPD", "Tahapan", "Tujuan", "Manfaat", "Anggaran"])
    for n in range(rows):
        sheet.append(
            [f"Inovasi {n}", "Dinas Kesehatan", "Penerapan", "Tujuan " * 20, "Manfaat " * 20, n]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    from tests.hostile_files import HOSTILE

    files = {"a real table of 500 rows": real_table, **HOSTILE}
    for name, make in files.items():
        data = make()
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            Path(handle.name).write_bytes(data)
            script = PROBE.format(platform=str(ROOT / "platform"), root=str(ROOT), path=handle.name)
            result = subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, check=False
            )
        if result.returncode != 0:
            print(f"{name}: the probe failed\n{result.stderr[-2000:]}")
            continue
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        grew = (figures["peak_kb"] - figures["baseline_kb"]) / 1024
        print(
            f"{name} ({len(data) / 1024:.0f} KB): {figures['seconds']:.2f} s; importing process "
            f"peak {figures['peak_kb'] / 1024:.0f} MB (+{grew:.0f} MB over its start-up); parser "
            f"process peak {figures['parser_kb'] / 1024:.0f} MB; {figures['outcome']}"
        )


if __name__ == "__main__":
    main()
