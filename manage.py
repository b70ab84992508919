#!/usr/bin/env python
"""Django's command-line utility for Lumbung Inovasi."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# platform/ is a plain source folder (no __init__.py): it is appended to the path rather than
# imported as a package, so the standard library's `platform` module is never shadowed.
for entry in (str(ROOT / "platform"), str(ROOT)):
    if entry not in sys.path:
        sys.path.append(entry)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lumbung.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
