"""How the hall starts worker processes, on every system a curator uses.

Forking is the cheap way: the child shares what the parent has loaded (the whole hall, for the page writers).
It is used on Linux only. Windows has no `fork`; on macOS a forked child can crash in the system's libraries,
which is why Python starts processes there by `spawn` since 3.8. Elsewhere the pool of independent jobs (images)
spawns fresh interpreters, which import their module and get the job's inputs pickled, and the work that needs the
loaded hall (writing pages, the whole-hall files, the QR codes: `Now`) stays in this process.
tests/test_portable.py builds with `fork` unavailable and compares the site with the forked build's.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import threading
import traceback
from contextlib import nullcontext, suppress
from multiprocessing.context import BaseContext
from types import SimpleNamespace

ENDINGS = {signal.SIGINT, signal.SIGTERM}


def start_forked(process) -> None:
    """process.start() (a fork) with Ctrl+C and SIGTERM held until it is done. Python runs signal handlers in the
    main thread; one that ran inside the fork's own handlers (logging's lock, released after it) raised
    KeyboardInterrupt there, where it is ignored, and serve went on serving after SIGTERM. So while the main thread
    forks, an ending is only noted, and given again once the fork is done: in the child too, once its own handlers
    are set (`let_endings_in`). Blocking the signals would not do: another thread takes them, and the main thread
    still runs the handler. Forked from another thread, no handler can run inside the fork."""
    if threading.current_thread() is not threading.main_thread():
        process.start()
        return
    _HELD.clear()
    saved = {ending: signal.signal(ending, _note) for ending in ENDINGS}
    _SAVED.update(saved)
    try:
        process.start()
    finally:
        let_endings_in(saved)


def let_endings_in(handlers: dict | None = None) -> None:
    """The handlers start_forked held back set again (in a child it started, once the child's own are set: pass
    none), and the endings noted meanwhile given again."""
    for ending, handler in (handlers if handlers is not None else _SAVED).items():
        if handlers is not None or signal.getsignal(ending) is _note:
            signal.signal(ending, handler)
    _SAVED.clear()
    for ending in _HELD[:]:
        _HELD.remove(ending)
        signal.raise_signal(ending)


_SAVED: dict = {}  # the handlers start_forked replaced by _note, for a child to set again
_HELD: list = []  # the endings noted while forking


def _note(ending, _frame) -> None:
    _HELD.append(ending)


def can_fork() -> bool:
    """Whether workers may be forked: the system has `fork` and it is safe there (Linux)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def fork_context() -> BaseContext | None:
    """multiprocessing's fork context where forking is safe, else None: then the work stays in this process."""
    return multiprocessing.get_context("fork") if can_fork() else None


def pool_context() -> BaseContext:
    """The context for a pool of self-contained jobs: forked where that is safe, spawned anywhere else."""
    return fork_context() or multiprocessing.get_context("spawn")


class Runs:
    """A list's items taken a run at a time, as they come, by this process and those it forks: a counter they share
    says which item no one has taken yet. Without fork, this process takes them all."""

    def __init__(self, size: int):
        fork = fork_context()
        self.size = size
        self._next = fork.RawValue("q", 0) if fork else SimpleNamespace(value=0)
        self._lock = fork.Lock() if fork else nullcontext()

    def take(self, items: list) -> list:
        """The next run of `items` (each process its own list, in the same order), empty once all are taken."""
        with self._lock:
            start = self._next.value
            self._next.value = start + self.size
        return items[start : start + self.size]


class Beside:
    """`fn(*args)` run in a forked process while this one goes on (where forking is safe: `can_fork`); `result()`
    waits for its value, sent back pickled, or raises what it raised.
    Ctrl+C and SIGTERM are this process's to handle: a forked one would print them in English, or lose them in a
    library's callback and work on; ended first, it would look as if it had died. It closes the ends that this
    process reads results from (its own among them): held open there, one whose parent was killed would wait
    forever to send (a serve killed outright left a page writer of 660 MB), instead of failing and ending."""

    _reading: list = []  # this process's ends of the pipes of those under way

    def __init__(self, fn, *args):
        fork = multiprocessing.get_context("fork")  # only where forking is safe (can_fork)
        self._reader, sender = fork.Pipe(duplex=False)
        Beside._reading.append(self._reader)
        self._child = fork.Process(target=_run_beside, args=(fn, args, sender), daemon=True)
        start_forked(self._child)
        sender.close()

    def result(self):
        try:
            ok, value = self._reader.recv()  # EOFError when it died
        except BaseException:  # Ctrl+C, or it died
            self.cancel()
            raise
        self._end()
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Ended at once, its work lost (the build it was part of failed or was stopped)."""
        if self._child.exitcode is None:
            self._child.kill()
        self._end()

    def let_go(self) -> None:
        """Left to finish on its own, its result unread: what it writes (a cache) is then written whole, where one
        ended at once could leave a temporary file behind. It ends once its work is done."""
        self._close()

    def _end(self) -> None:
        if not self._reader.closed:
            self._child.join()
            self._close()

    def _close(self) -> None:
        if not self._reader.closed:
            self._reader.close()
            Beside._reading.remove(self._reader)


class Now:
    """`fn(*args)` done here and now, for where Beside does not pay or is not safe: its result, or what it raised,
    is had the same way (`result`)."""

    def __init__(self, fn, *args):
        try:
            self._value, self._raised = fn(*args), None
        except Exception as exc:
            self._value, self._raised = None, exc

    def result(self):
        if self._raised is not None:
            raise self._raised
        return self._value

    def cancel(self) -> None:
        pass

    let_go = cancel


def started(fn, *args, fork: bool = True) -> Beside | Now:
    """`fn(*args)` under way: beside this process when `fork` and forking is safe, else done now."""
    return Beside(fn, *args) if fork and can_fork() else Now(fn, *args)


def results(calls: list[Beside]) -> list:
    """The results of calls run beside this process, in order; when one fails (or Ctrl+C), the others end too."""
    try:
        return [call.result() for call in calls]
    except BaseException:
        for call in calls:
            call.cancel()
        raise


def _run_beside(fn, args, sender) -> None:
    for reader in Beside._reading:
        reader.close()
    for ending in ENDINGS:
        signal.signal(ending, signal.SIG_IGN)
    let_endings_in()
    try:
        outcome = (True, fn(*args))
    except BaseException as exc:  # raised where the result is asked for
        outcome = (False, exc)
    try:
        try:
            sender.send(outcome)
        except OSError:
            raise
        except Exception:  # a value or an exception that does not pickle: what went wrong, as text
            sender.send((False, RuntimeError(traceback.format_exc())))
    except OSError:  # no one reads it any more (let_go, or the build is gone): it just ends
        pass
    finally:
        sender.close()


def remove_detached(folder, aside) -> None:
    """Remove a folder in a process of its own that nothing waits for (forked twice, in a session of its own, its
    output and every inherited file closed, so that a pipe reading the command's output ends with the command), at
    low priority; here, where forking is not safe. The command so ends when its result is in place, not after
    unlinking the tens of thousands of files of the site it replaced. Before this returns, the folder is moved to
    `aside(pid)`, a name holding the remover's process id (hall.files.temporary), so that no later process takes that
    name while it lives; cut short (the machine stops), the folder is left there for the next build to remove
    (hall.files.clean_up)."""
    if not can_fork():
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return
    try:  # the first child: moves the folder to its remover's name, and ends
        moved, told = os.pipe()
        remover = os.fork()
        if remover:
            with suppress(OSError):  # a build that started meanwhile may be removing it already
                os.rename(folder, aside(remover))
            os.close(told)
        else:
            os.close(told)
            os.read(moved, 1)  # until the folder is under its name
            os.setsid()
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.closerange(3, os.sysconf("SC_OPEN_MAX"))
            os.nice(10)
            shutil.rmtree(aside(os.getpid()), ignore_errors=True)
    finally:
        os._exit(0)
