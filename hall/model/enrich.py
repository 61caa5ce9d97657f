"""Derived fields: pinyin, trade, honors with levels (highest first), era, and two-way links."""

from __future__ import annotations

from functools import partial

from hall.model import codes, exhibition, lineage
from hall.model.events import Occurrence, schedule
from hall.model.exhibit import Exhibit, Hall, HonorEntry, per_reading
from hall.model.pinyin import initials, name_pinyin, syllables
from hall.model.vocab import LEVELS, Vocabulary

OWN = (
    "pinyin",
    "initials",
    "trade",
    "honors",
    "rank",
    "year",
    "era",
)  # derived from an exhibit's own file


def enrich(hall: Hall, vocab: Vocabulary, memo: dict | None = None) -> None:
    """With `memo` (kept by serve between saves), an exhibit's own derived fields are worked out once per reading
    of its file: they depend on nothing else."""
    slugs = hall.by_slug()
    for e in hall.exhibits:
        e.pinyin, e.initials, e.trade, e.honors, e.rank, e.year, e.era = derived_of(e, memo, vocab)
        if e.era is None and e.kind == "people":
            hall.report.add(codes.W501.at(e.rel, None))
    for e in hall.exhibits:
        _link(e, slugs)
    lineage.link(hall)
    _in_name_order(hall)
    for e in hall.pages + hall.events:
        _names(e)
    for e in hall.events:
        _event(e, slugs)


def _in_name_order(hall: Hall) -> None:
    for e in hall.exhibits:
        for group in (e.artifacts, e.collectives, e.members, e.related, e.lessons):
            group.sort(key=lambda x: (x.kind, x.pinyin))


def take(pairs: list[tuple[Exhibit, Exhibit]]) -> None:
    """New readings of exhibits put in place of the last ones in an enriched hall (serve), with their own derived
    fields, when they changed at most in CONTENT and NAMING (hall.model.catalog.reread)."""
    for old, new in pairs:
        old.source, old.meta = new.source, new.meta
        for name in OWN:
            setattr(old, name, getattr(new, name))
        if old.kind == exhibition.KIND:
            exhibition.take_texts(old)


def renamed(hall: Hall, exhibits: list[Exhibit]) -> None:
    """After exhibits were renamed in place (take): what lists or names them by name, again."""
    if any(e.mentors or e.apprentices for e in exhibits):  # a lineage orders people by name
        lineage.link(hall)
    _in_name_order(hall)
    slugs = hall.by_slug()
    for e in hall.of_kind(exhibition.KIND):
        exhibition.respot(e, slugs)


def _event(e: Exhibit, slugs: dict[str, Exhibit]) -> None:
    """An event's dates (its recurrences expanded), its exhibits and lessons, and on those, the event."""
    e.occurrences = [Occurrence(e, start, end) for start, end in schedule(e.meta)[0]]
    e.uses = [x for x in map(slugs.get, e.meta.exhibits) if x is not None]
    e.lessons = [x for x in map(slugs.get, e.meta.lessons) if x is not None and x.kind == "lessons"]
    for x in {id(x): x for x in e.uses + e.lessons}.values():
        _add(x.events, e)


def derived_of(e: Exhibit, memo: dict | None, vocab: Vocabulary) -> tuple:
    """_derive, once per reading of the file with `memo`."""
    return per_reading(memo, e.source, partial(_derive, e, vocab))


def _derive(e: Exhibit, vocab: Vocabulary) -> tuple:
    """What an exhibit's own file gives: pinyin, initials, trade, honors, rank, year and era (set, and returned)."""
    _names(e)
    e.trade = vocab.trade(e.meta.trade) if e.get("trade") is not None else None
    e.honors = sorted(
        (
            HonorEntry(h.title, h.year, vocab.honor_level(h.title), h.note)
            for h in e.get("honors", [])
        ),
        key=lambda h: (vocab.honor_rank(h.title), h.year or 9999),
    )
    e.rank = (
        vocab.honor_rank(e.highest.title) if e.highest else (len(LEVELS), 0),
        e.pinyin.lower(),
        e.slug,
    )
    e.year = year_of(e)
    e.era = _era(e, vocab)
    return e.pinyin, e.initials, e.trade, e.honors, e.rank, e.year, e.era


def _era(e: Exhibit, vocab: Vocabulary):
    """The era its file names, else the one its year falls in."""
    if e.meta.era:
        return vocab.era(e.meta.era)
    return vocab.era_of_year(e.year) if e.year else None


def year_of(e: Exhibit) -> int | None:
    """The year that places an exhibit in time: its highest honor's, else its earliest known."""
    years = [h.year for h in e.honors if h.year]
    if e.highest and e.highest.year:
        return e.highest.year
    own = e.get("year") or e.get("established")
    return own or (min(years) if years else None)


def _names(e: Exhibit) -> None:
    if e.kind == "people":
        e.pinyin = e.meta.pinyin or name_pinyin(e.meta.name)
        e.initials = initials(e.meta.name)
    else:
        words = syllables(e.title)
        e.pinyin = " ".join(words)
        e.initials = "".join(w[0] for w in words if w[:1].isalpha())


def _link(e: Exhibit, slugs: dict[str, Exhibit]) -> None:
    """Resolve references and add their reverse (validation has reported any that are missing)."""
    get = slugs.get
    if e.kind == "artifacts" and (maker := get(e.meta.maker or "")):
        e.maker = maker
        maker.artifacts.append(e)
    if e.kind == "collectives":
        e.leader = get(e.meta.leader or "")
        for person in filter(None, [e.leader, *map(get, e.meta.members)]):
            if person not in e.members:
                e.members.append(person)
                person.collectives.append(e)
    if e.kind == "exhibitions":
        exhibition.link(e, slugs)
    if e.kind == "lessons":
        e.uses = [x for x in map(get, e.meta.exhibits) if x is not None]
        for used in e.uses:
            _add(used.lessons, e)
    for other in filter(None, map(get, e.meta.related)):
        if other is not e:
            _add(e.related, other)
            _add(other.related, e)


def _add(items: list, item) -> None:
    if item not in items:
        items.append(item)
