"""mutmut's command line, taught this repository's layout and test suite.

- mutmut names a mutant after its file's path ("platform/rubric/formula.py" → "platform.rubric…")
  and matches it against the module name the code runs under. platform/ is a plain source folder
  on sys.path (see manage.py), so that module is "rubric.formula": without this, every mutant of
  platform/ would be reported as "no tests" and never run.
- mutmut hands pytest a mutant's tests in no particular order and stops at the first failure;
  here they run fastest first (by the durations mutmut measured), so a mutant the quick worked
  examples catch is not first put through a minute of page tests.

Everything else is mutmut as released."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import mutmut.__main__ as mutmut_main
import mutmut.mutation.file_mutation as file_mutation
from mutmut.runners import harness
from mutmut.state import state
from mutmut.utils import format_utils

SOURCE_FOLDERS = ("platform.",)  # folders on sys.path, not packages
_path_name = format_utils.get_mutant_name


def mutant_name(relative_source_path: Path, mutant_method_name: str) -> str:
    name = _path_name(relative_source_path, mutant_method_name)
    for folder in SOURCE_FOLDERS:
        name = name.removeprefix(folder)
    return name


for module in (format_utils, file_mutation, mutmut_main):
    module.get_mutant_name = mutant_name

_regular_run = harness.PytestRunner._pytest_args_regular_run


def fastest_first(self: harness.PytestRunner, tests: Iterable[str]) -> list[str]:
    durations = state().duration_by_test
    return _regular_run(self, sorted(tests, key=lambda test: (durations.get(test, 0.0), test)))


harness.PytestRunner._pytest_args_regular_run = fastest_first

if __name__ == "__main__":
    sys.exit(mutmut_main.cli())
