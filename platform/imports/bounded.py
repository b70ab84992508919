"""Running a parser where a hostile file cannot hurt the web process: a child Python process of
its own, whose address space and CPU time the operating system caps (RLIMIT_AS, RLIMIT_CPU),
and which the caller kills when it overruns its wall-clock time. The child gets the request and
returns the result as pickles over stdin/stdout; it imports nothing of Django.

A subprocess rather than a fork: web processes run threads (a fork copies their locks in an
unknown state) and Celery's pool processes may not have children of their own."""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imports.limits import Limits

ROOT = Path(__file__).resolve().parent.parent  # platform/, where the child finds `imports`


class ParserExhausted(Exception):
    """The parser ran out of memory or time: the file asks for more work than any real table."""

    def __init__(self, resource: str) -> None:
        super().__init__(resource)
        self.resource = resource  # "memory" or "time"


@dataclass(frozen=True)
class ParserFailed(Exception):
    """The parser raised: its message (the file is not what it claims)."""

    kind: str
    message: str


def run(function: str, request: dict[str, Any], limits: Limits) -> Any:
    """Call `imports.<function>(request)` in a bounded child process and return its result."""
    payload = pickle.dumps(
        {
            "function": function,
            "request": request,
            "memory_mb": limits.parser_memory_mb,
            "cpu_seconds": limits.parser_cpu_seconds,
        }
    )
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "imports.child"],
            input=payload,
            capture_output=True,
            timeout=limits.parser_wall_seconds,
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"},
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ParserExhausted("time") from exc
    if finished.returncode != 0 or not finished.stdout:
        # Killed by the CPU limit (SIGXCPU/SIGKILL) or out of memory before it could answer.
        text = finished.stderr.decode(errors="replace")
        raise ParserExhausted("memory" if "MemoryError" in text or not text else "time")
    status, value = pickle.loads(finished.stdout)  # noqa: S301 - our own child's answer
    if status == "ok":
        return value
    if status == "memory":
        raise ParserExhausted("memory")
    if status == "time":
        raise ParserExhausted("time")
    raise ParserFailed(*value)
