"""The bounded parser process (see imports.bounded): caps its own memory and CPU time first,
then runs the requested reader and answers with a pickle on stdout."""

from __future__ import annotations

import importlib
import pickle
import resource
import signal
import sys


def main() -> None:
    order = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from our own parent
    memory = order["memory_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = order["cpu_seconds"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
    signal.signal(signal.SIGXCPU, _out_of_time)
    module_name, _, name = order["function"].rpartition(".")
    try:
        function = getattr(importlib.import_module(f"imports.{module_name}"), name)
        result = function(order["request"])
        if isinstance(result, dict):
            result["peak_kb"] = _peak_kb()
        answer = ("ok", result)
    except MemoryError:
        answer = ("memory", None)
    except _OutOfTime:
        answer = ("time", None)
    except Exception as exc:  # the file is not what it claims: say why
        answer = ("failed", (type(exc).__name__, str(exc)[:500]))
    sys.stdout.buffer.write(pickle.dumps(answer))


def _peak_kb() -> int:
    """This process's peak resident memory since it started this program (VmHWM: reset by exec,
    unlike ru_maxrss, which keeps the parent's size at the fork)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class _OutOfTime(Exception):
    pass


def _out_of_time(signum: int, frame: object) -> None:
    raise _OutOfTime


if __name__ == "__main__":
    main()
