"""Pages whose stories are plain text converted by cmark-gfm (in C) instead of Python-Markdown: the same HTML,
heading ids, table of contents and anchors, in a tenth of the time (the 2,661 pages of a generated 2,000-exhibit
hall: 0.17 s CPU against 1.83 s; nearly every story has nothing in it but paragraphs and headings).

Plain is strict: paragraphs of lines, and headings (`## 标题`) alone in their block; no character that Markdown,
an extension of mkdocs.yml or HTML would read (`<`, `&`, `*`, `[`, `{`, a backslash, a tab...), no line that could
start a list, quote or code block, no space at a line's ends (Python-Markdown strips Unicode spaces, cmark
does not). Anything else, and any page with Markdown extensions or toc settings beyond these, goes through
Python-Markdown as before. Either way the stories are sanitised afterwards (hall.site.sanitize).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cmarkgfm
from markdown import Markdown
from markdown.extensions.toc import nest_toc_tokens, strip_tags, unique

from hall.site.pages import STORY_MARKERS

# the extensions MkDocs and mkdocs.yml use, none of which reads plain text
KNOWN = frozenset({"toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"})
_MARKUP = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029`*_\[\]!<>&\\~|{}=#]"  # controls, line separators, markup
    r"|^[-+]|^[0-9]+[.)]",  # a list item's start
    re.M,
)
_HEADING = re.compile(r"(#{1,6}) ([^#\n]+)")
_CMARK_HEADING = re.compile(r"<h([1-6])>([^<]*)</h\1>")


@dataclass
class Converted:
    html: str
    toc_tokens: list[dict] = field(default_factory=list)
    anchor_ids: set[str] = field(default_factory=set)


def usable(md: Markdown, extensions: list) -> bool:
    """Whether Markdown made with these extensions converts plain text as this module does."""
    toc = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
    return (
        all(isinstance(name, str) and name in KNOWN for name in extensions)
        and toc is not None
        and toc.use_permalinks in (False, None)
        and not toc.use_anchors
        and toc.base_level == 0
        and toc.marker in ("", "[TOC]")
    )


def convert(md: Markdown, markdown: str) -> Converted | None:
    """A page made of story markers and plain stories between them, converted as Python-Markdown with `md`
    would (`usable`); None for any other page."""
    pieces = STORY_MARKERS.split(markdown)
    if pieces[0] or pieces[-1] or len(pieces) < 2:
        return None
    stories = pieces[2:-1:2]
    if not all(s.startswith("\n\n") and s.endswith("\n\n") and plain(s) for s in stories):
        return None
    toc, tokens, used = md.treeprocessors["toc"], [], set()

    def heading(match: re.Match) -> str:
        level, text = int(match.group(1)), match.group(2)
        name = strip_tags(text)
        anchor = unique(toc.slugify(name, toc.sep), used)
        if toc.toc_top <= level <= toc.toc_bottom:
            tokens.append(
                {"level": level, "id": anchor, "name": name, "html": text, "data-toc-label": ""}
            )
        return f'<h{level} id="{anchor}">{text}</h{level}>'

    html = [pieces[1] + "\n\n"]  # Python-Markdown ends a raw HTML block with a blank line
    for story, marker in zip(stories, pieces[3::2]):
        # safe mode (no raw HTML would pass, none can be there); `"` is the only character it escapes here
        story_html = cmarkgfm.markdown_to_html(story).replace("&quot;", '"')
        html += [_CMARK_HEADING.sub(heading, story_html), marker + "\n\n"]
    return Converted("".join(html).strip(), nest_toc_tokens(tokens), used)


def plain(story: str) -> bool:
    """Paragraphs and headings alone in their block, without a character Markdown or HTML reads (module doc)."""
    for block in story.split("\n\n"):
        lines = block.strip("\n").split("\n")
        if lines[0].startswith("#"):
            heading = _HEADING.fullmatch(lines[0])
            if len(lines) > 1 or not heading or heading.group(2) != heading.group(2).strip():
                return False
            lines = [heading.group(2)]
        if any(line != line.strip() for line in lines) or _MARKUP.search("\n".join(lines)):
            return False
    return True
