"""The set-up without make, on a fresh clone of the committed tree in a folder with Chinese names and spaces:
the README's steps for Windows in their Linux form (a venv, the install pinned by requirements.lock, hall build,
hall check), then the launcher's twin 启动预览.sh (after that set-up it installs once more and starts the preview;
later runs only start it), each run opening the browser. One real install (pip's cache is reused): about a
minute; HALL_SKIP_SETUP=1 skips this module. What cmd.exe does with 启动预览.cmd cannot run here: its bytes (CRLF,
UTF-8 without a BOM, chcp 65001 before any Chinese) and its commands (the same as the README's) are checked."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from tests.engine.test_serve import ROOT, _get, _port

LAUNCHER, TWIN = "启动预览.cmd", "启动预览.sh"


def readme_steps() -> list[str]:
    """The commands of the README's PowerShell block, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## 在 Windows 上（不用 make）.*?```powershell\n(.*?)```", text, re.S).group(
        1
    )
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_the_readme_gives_the_steps_the_launcher_runs():
    steps = readme_steps()
    assert steps == [
        "py -3 -m venv .venv",
        r".venv\Scripts\python -m pip install -c requirements.lock -e .",
        r".venv\Scripts\hall serve",
    ]
    cmd = (ROOT / LAUNCHER).read_text(encoding="utf-8")
    assert "%PY% -m venv --clear .venv" in cmd and 'set "PY=py -3"' in cmd
    assert '"%VENV_PY%" -m pip install --disable-pip-version-check -c requirements.lock -e .' in cmd
    assert (
        '"%VENV_PY%" build_hall.py serve --open %*' in cmd
    )  # hall serve, by a path that survives a move


def test_the_launcher_is_a_batch_file_cmd_reads_right():
    raw = (ROOT / LAUNCHER).read_bytes()
    assert not raw.startswith(
        b"\xef\xbb\xbf"
    )  # cmd.exe would run the BOM as part of the first command
    assert raw.count(b"\r\n") == raw.count(b"\n") > 50 and raw.endswith(b"\r\n")
    text = raw.decode("utf-8")
    assert text.split("\r\n")[:2] == [
        "@echo off",
        "chcp 65001 >nul",
    ]  # read in the OEM code page until then
    targets, labels = (
        set(re.findall(r"(?:goto|call) :(\w+)", text)),
        set(re.findall(r"^:(\w+)", text, re.M)),
    )
    assert targets and targets <= labels
    assert (
        "Add python.exe to PATH" in text and "Microsoft Store" in text and "pushd" in text
    )  # pushd: UNC shares
    archive = subprocess.run(
        ["git", "archive", "HEAD", LAUNCHER], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(
        fileobj=io.BytesIO(archive)
    ) as tar:  # what a downloaded zip of the repository holds
        archived = tar.extractfile(LAUNCHER).read()
    assert archived.count(b"\r\n") == archived.count(b"\n") > 50


def _linux(step: str) -> list[str]:
    """A README step for PowerShell as it is written on Linux."""
    words = step.split()
    if words[:2] == ["py", "-3"]:
        words = [sys.executable, *words[2:]]
    return [words[0].replace(".venv\\Scripts\\", ".venv/bin/"), *words[1:]]


def _launch(folder: Path, record: Path, port: int) -> tuple[str, str]:
    """Run the twin until the preview answers and the browser was asked to open it; (output, URL opened)."""
    recorder = record.with_suffix(".sh")
    recorder.write_text(f'#!/bin/sh\necho "$1" >> "{record}"\n', encoding="utf-8")
    recorder.chmod(0o755)
    record.unlink(missing_ok=True)
    url = f"http://127.0.0.1:{port}/"
    log = record.with_suffix(".log")
    with log.open("wb") as out:
        run = subprocess.Popen(
            ["sh", TWIN, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "BROWSER": str(recorder)},
        )
        try:
            deadline = time.monotonic() + 900  # a bound for a hung install, not a speed target
            while not (record.is_file() and _get(url)):
                assert run.poll() is None, log.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.5)
        finally:
            run.send_signal(signal.SIGINT)  # Ctrl+C: serve removes its temporary folder
            run.wait(timeout=60)
    return log.read_text(encoding="utf-8"), record.read_text(encoding="utf-8").strip()


@pytest.mark.skipif(os.environ.get("HALL_SKIP_SETUP") == "1", reason="HALL_SKIP_SETUP=1")
def test_a_fresh_clone_set_up_the_readmes_way_builds_and_the_launcher_serves(tmp_path):
    folder = tmp_path / "县总工会 资料" / "劳模工匠馆"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(folder)], check=True)
    if not (
        folder / "requirements.lock"
    ).is_file():  # until the lock is committed: the pins of the running venv
        pins = subprocess.run(
            [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (folder / "requirements.lock").write_text(pins, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    for step in readme_steps()[:-1]:  # the last one serves: the launcher's runs below do
        subprocess.run(
            _linux(step), cwd=folder, env=env, check=True, capture_output=True, timeout=900
        )
    for command in ("build", "check"):
        done = subprocess.run(
            [".venv/bin/hall", command],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    assert (folder / "site" / "index.html").is_file() and "共 0 个错误" in done.stdout

    assert os.access(folder / TWIN, os.X_OK)
    port = _port()
    output, opened = _launch(folder, tmp_path / "browser", port)
    assert (
        "[1/3]" not in output and "[2/3] 正在安装" in output
    )  # the venv was there; the launcher's install was not
    assert opened == f"http://127.0.0.1:{port}/" and f"预览：http://127.0.0.1:{port}/" in output
    output, opened = _launch(folder, tmp_path / "browser", port)
    assert "[1/3]" not in output and "[2/3]" not in output and "[3/3] 正在启动预览" in output
    assert opened == f"http://127.0.0.1:{port}/"
    assert "Traceback" not in output


def _twin_alone(tmp_path: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    """The twin in a folder of its own, with only the tools it uses besides Python on the PATH."""
    folder = tmp_path / "展馆"
    folder.mkdir()
    (folder / TWIN).write_bytes((ROOT / TWIN).read_bytes())
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("dirname", "cmp", "cp", "mkdir"):
        (tools / tool).symlink_to(shutil.which(tool))
    return subprocess.run(
        ["/bin/sh", TWIN],
        cwd=folder,
        env={"PATH": str(tools), "LANG": "C.UTF-8"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_twin_without_python_says_how_to_install_it(tmp_path):
    done = _twin_alone(tmp_path, {"requirements.lock": "", "pyproject.toml": ""})
    assert done.returncode == 1 and "没有找到 Python（需要 3.10 或更新的版本）" in done.stderr
    assert (
        "sudo apt install python3 python3-venv" in done.stderr
        and "https://www.python.org/downloads/" in done.stderr
    )


def test_the_twin_without_the_lock_says_the_folder_is_incomplete(tmp_path):
    done = _twin_alone(tmp_path, {"pyproject.toml": ""})
    assert done.returncode == 1 and "缺少 requirements.lock" in done.stderr
