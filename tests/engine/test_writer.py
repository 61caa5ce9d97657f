"""The forked page writers (hall.engine.writer): Ctrl+C is their build's to handle, and they stop when their
build is gone (serve ends without waiting for the thread that builds)."""

import os
import signal
import time

import pytest

from hall.engine import writer
from hall.processes import fork_context


def _pages_taking(monkeypatch, seconds: float) -> None:
    monkeypatch.setattr(
        writer, "write_page", lambda state, uri: (time.sleep(seconds), (uri, set()))[1]
    )


def _writer(uris: list[str], parent: int):
    fork = fork_context()
    if fork is None:
        pytest.skip("no fork here: pages are written in the build's own process")
    reader, sender = fork.Pipe(duplex=False)
    child = fork.Process(target=writer._write_share, args=(None, uris, sender, parent), daemon=True)
    child.start()
    sender.close()
    return child, reader


@pytest.mark.parametrize("ending", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl+C", "SIGTERM"])
def test_a_writer_leaves_ending_to_its_build(monkeypatch, ending):
    _pages_taking(monkeypatch, 0.5)
    child, reader = _writer(["a.md", "b.md"], os.getpid())
    time.sleep(0.3)  # writing its first page
    os.kill(
        child.pid, ending
    )  # as a terminal or a service manager sends it to every process of serve
    assert reader.recv() == (True, {"a.md": ("a.md", set()), "b.md": ("b.md", set())})
    child.join(10)
    assert child.exitcode == 0


def test_a_writer_whose_build_is_gone_stops(monkeypatch):
    _pages_taking(monkeypatch, 0)
    child, reader = _writer(
        ["a.md"], parent=os.getpid() + 1_000_000
    )  # not its parent: as once it exited
    child.join(10)
    assert child.exitcode == 1
    with pytest.raises(EOFError):
        reader.recv()
