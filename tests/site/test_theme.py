"""The theme's copies of Material's templates are the installed Material's, with only the hall's changes.

A copy outlives an upgrade of Material silently: base.html names Material's hashed CSS and JS files, which
change with every release. When this fails after an upgrade, copy the file again from
material/templates/ and make the changes listed here."""

from pathlib import Path

import material
import pytest

THEME = Path(__file__).resolve().parents[2] / "hall" / "theme"
MATERIAL = Path(material.__file__).parent / "templates"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"

# file -> (Material's text, the hall's) in the order they appear; the first replaces Material's header comment
CHANGES = {
    "base.html": [
        (GENERATED, None),
        (' id="__drawer" autocomplete="off">', ' id="__drawer">'),
        (' id="__search" autocomplete="off">', ' id="__search">'),
        (
            """      {% if page.toc | first is defined %}
        {% set skip = page.toc | first %}
        <a href="{{ skip.url | url }}" class="md-skip">
          {{ lang.t("action.skip") }}
        </a>
      {% endif %}
""",
            """      <a href="#__content" class="md-skip">跳到正文</a>
""",
        ),
        (
            '<div class="md-content" data-md-component="content">',
            '<div class="md-content" data-md-component="content" id="__content">',
        ),
    ],
    "partials/nav-item.html": [
        (GENERATED, None),
        *[('tabindex="{{ tabindex }}">', '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>')]
        * 2,
    ],
}


def header_comment(text: str) -> str:
    assert text.startswith("{#-"), "the copy starts with a comment saying what it changes"
    return text[: text.index("-#}\n") + 4]


@pytest.mark.parametrize("name", CHANGES)
def test_copy_is_materials_with_the_halls_changes(name):
    ours = (THEME / name).read_text(encoding="utf-8")
    expected = (MATERIAL / name).read_text(encoding="utf-8")
    for old, new in CHANGES[name]:
        assert old in expected, (
            f"Material's {name} changed: re-copy it into hall/theme/ ({old[:60]!r} is gone)"
        )
        expected = expected.replace(old, header_comment(ours) if new is None else new, 1)
    assert ours == expected, (
        f"hall/theme/{name} is not Material's (installed) with the hall's changes: re-copy it"
    )
