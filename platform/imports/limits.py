"""How much work one uploaded table may cause. Checked on the archive before any parsing, and
enforced again by the operating system around the parser (imports.bounded)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * MB  # the upload as sent
    max_unpacked_bytes: int = 50 * MB  # every part of an xlsx, uncompressed, together
    max_sheet_bytes: int = 40 * MB  # the data sheet's XML, uncompressed
    max_shared_strings_bytes: int = 10 * MB  # the shared-strings part, uncompressed
    max_rows: int = 5_000  # filled rows kept
    max_scanned_rows: int = 50_000  # rows looked at, blank ones included
    max_columns: int = 60  # columns read from each row
    max_cell_chars: int = 100_000  # one cell's text
    # The parsing process (imports.bounded): memory and CPU it may use, and how long to wait.
    parser_memory_mb: int = 256
    parser_cpu_seconds: int = 10
    parser_wall_seconds: int = 15


DEFAULT_LIMITS = Limits()
