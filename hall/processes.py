"""How the hall starts worker processes, on every system a curator uses.

Forking is the cheap way: the child shares what the parent has loaded (the whole hall, for the page writers).
It is used on Linux only. Windows has no `fork`; on macOS a forked child can crash in the system's libraries,
which is why Python starts processes there by `spawn` since 3.8. Elsewhere the pools of independent jobs
(images, QR codes) spawn fresh interpreters, which import their module and get the job's inputs pickled, and the
work that needs the loaded hall (writing pages, serve's whole-hall files) stays in this process.
tests/test_portable.py builds with `fork` unavailable and compares the site with the forked build's.
"""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing.context import BaseContext


def can_fork() -> bool:
    """Whether workers may be forked: the system has `fork` and it is safe there (Linux)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def fork_context() -> BaseContext | None:
    """multiprocessing's fork context where forking is safe, else None: then the work stays in this process."""
    return multiprocessing.get_context("fork") if can_fork() else None


def pool_context() -> BaseContext:
    """The context for a pool of self-contained jobs: forked where that is safe, spawned anywhere else."""
    return fork_context() or multiprocessing.get_context("spawn")
