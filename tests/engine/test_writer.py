"""The forked page writers (hall.engine.writer): Ctrl+C is their build's to handle, and they stop when their
build is gone (serve ends without waiting for the thread that builds). Our pages' front matter is read as MkDocs
reads it."""

import os
import signal
import threading
import time
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from hall import processes
from hall.engine import writer
from hall.processes import Beside, can_fork
from hall.site.pages import meta, read_meta


def _pages_taking(monkeypatch, seconds: float) -> None:
    monkeypatch.setattr(
        writer, "write_page", lambda state, uri: (time.sleep(seconds), (uri, set()))[1]
    )


def _writer(uris: list[str], parent: int):
    """A forked writer as hall.engine.writer.Writing starts it: its process, and the end its pages' keys come from."""
    if not can_fork():
        pytest.skip("no fork here: pages are written in the build's own process")
    call = Beside(writer._write, None, uris, parent)
    return call._child, call._reader


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


def test_a_writer_whose_build_stopped_reading_ends(monkeypatch):
    """A build killed outright closes its ends of the pipes: a writer sending more keys than a pipe holds must
    fail and end, not wait forever because it holds the build's end too (as forked, it does)."""
    monkeypatch.setattr(writer, "write_page", lambda state, uri: ("k" * 1_000_000, set()))
    child, reader = _writer(["a.md"], os.getpid())
    reader.close()  # as when the build's process is gone
    try:
        child.join(30)
        assert child.exitcode is not None
    finally:
        child.kill()  # one that waits ignores SIGTERM, which is what ending the tests would send it


def _written_then(path, value):
    time.sleep(0.2)
    path.write_text("written")
    return value


def test_a_call_let_go_finishes_its_work_and_ends_quietly(tmp_path, capfd):
    """hall.processes.Beside.let_go: its result, more than a pipe holds, is never read; it ends all the same,
    with what it wrote whole and nothing said (a traceback in English after the command has returned)."""
    if not can_fork():
        pytest.skip("no fork here")
    call = Beside(_written_then, tmp_path / "done", "x" * 1_000_000)
    call.let_go()
    try:
        call._child.join(30)
        assert call._child.exitcode == 0
    finally:
        call._child.kill()
    assert (tmp_path / "done").read_text() == "written"
    assert capfd.readouterr().err == ""


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
HIDE = st.lists(st.sampled_from(["navigation", "toc"]), unique=True)


@settings(max_examples=1000, deadline=None)
@given(TEXT, HIDE, TEXT, TEXT, st.sampled_from(["", "search.html"]))
def test_front_matter_is_read_as_mkdocs_reads_it(title, hide, description, head, template):
    content = f"---\n{meta(title, hide, description=description, head=head, template=template)}\n---\n\n故事"
    assert read_meta(content) in (get_data(content), None)


@pytest.mark.parametrize("text", ["柴金甫", 'a "b" \\ c', "\t\x01x", "</script>", "é" * 3])
def test_the_usual_front_matter_is_read_without_yaml(text):
    content = f"---\n{meta(text, ['toc'], description=text, head=text)}\n---\n\n故事"
    assert read_meta(content) == get_data(content)


@pytest.mark.parametrize("text", ["\x85", "a\u2028b", "\x9f", "\ufffe"])
def test_what_yaml_reads_otherwise_is_left_to_it(text):
    """Characters JSON leaves as they are but YAML refuses or reads as a line break: MkDocs reads that page."""
    assert read_meta(f"---\n{meta(text)}\n---\n\n故事") is None


def _pages(count: int):
    """A build's state as Writing reads it, with `count` pages to write and none to take from a previous site."""
    files = [SimpleNamespace(src_uri=f"p{i}/index.md") for i in range(count)]
    return SimpleNamespace(page_files=files, unchanged=set(), previous={})


def test_pages_are_taken_as_they_come_each_written_once(monkeypatch):
    """This process and a forked writer take runs of pages as they come; what each wrote comes back. The forked
    writer runs at a lower priority, this process at its own."""
    if not can_fork():
        pytest.skip("no fork here: pages are written in the build's own process")
    monkeypatch.setattr(
        writer,
        "write_page",
        lambda state, uri: (time.sleep(0.002), (f"{os.getpid()} {os.nice(0)}", set()))[1],
    )
    monkeypatch.setattr(writer, "RUN", 3)
    monkeypatch.setattr(writer, "_cores", lambda: 2)
    done = []
    writing = writer.Writing(_pages(300))
    written = writing.finish(meanwhile=lambda: done.append(os.getpid()))
    forked = writing._forked[0]._child.pid
    assert done == [os.getpid()]
    assert sorted(written) == sorted(f.src_uri for f in _pages(300).page_files)
    writers = {key for key, _ in written.values()}
    assert writers == {f"{os.getpid()} {os.nice(0)}", f"{forked} {os.nice(0) + writer.WRITER_NICE}"}


def test_few_pages_are_written_here_alone(monkeypatch):
    monkeypatch.setattr(writer, "write_page", lambda state, uri: (str(os.getpid()), set()))
    written = writer.Writing(_pages(writer.WRITERS_FROM - 1)).finish()
    assert {key for key, _ in written.values()} == {str(os.getpid())}


def test_a_failure_meanwhile_fails_the_build_and_ends_the_writers(monkeypatch):
    monkeypatch.setattr(writer, "write_page", lambda state, uri: ("k", set()))
    writing = writer.Writing(_pages(writer.WRITERS_FROM))
    with pytest.raises(ZeroDivisionError):
        writing.finish(meanwhile=lambda: 1 / 0)
    assert all(call._child.exitcode is not None for call in writing._forked)


def test_an_ending_signal_during_a_fork_waits_until_the_fork_is_done():
    """SIGTERM arriving inside a fork's own handlers was ignored there (serve then went on serving): held
    until the fork is done, it is handled in ordinary code. With another thread alive, as in serve, that thread
    takes the signal when the forking one blocks it, and the main thread still runs the handler."""
    seen, waiting = [], threading.Event()
    other = threading.Thread(target=waiting.wait)
    other.start()

    class Forking:  # a process whose fork the signal arrives during
        def start(self):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.1)  # time for the other thread to take it
            seen.append("forked")

    def handler(*_):
        seen.append("SIGTERM")

    before = signal.signal(signal.SIGTERM, handler)
    try:
        processes.start_forked(Forking())
        assert signal.getsignal(signal.SIGTERM) is handler
    finally:
        signal.signal(signal.SIGTERM, before)
        waiting.set()
        other.join()
    assert seen == ["forked", "SIGTERM"]


def _ends_by_its_handler() -> None:
    processes.let_endings_in()
    signal.raise_signal(signal.SIGTERM)
    time.sleep(5)  # not reached: the handler exits


def _exit_on_sigterm(*_) -> None:
    os._exit(42)


@pytest.mark.skipif(not can_fork(), reason="no fork here")
def test_a_forked_process_takes_its_inherited_handlers_back():
    """In the child, held endings go to the handlers it inherited once it lets them in (the preview's refresh
    ends by serve's handler)."""
    import multiprocessing

    before = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        child = multiprocessing.get_context("fork").Process(target=_ends_by_its_handler)
        processes.start_forked(child)
        child.join(10)
    finally:
        signal.signal(signal.SIGTERM, before)
    assert child.exitcode == 42
