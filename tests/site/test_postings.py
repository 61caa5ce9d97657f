"""The search index's terms and postings (hall.site.postings) against a plain reading of what they are: every
character, pair of adjacent characters of a Chinese run, and Latin word of a document, at the heaviest weight of
the texts it occurs in, the documents in order."""

import re
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from hall.site import postings
from hall.site.postings import DIGITS, best, digits, fold, read_digits, terms

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUNS = re.compile(rf"[{HAN}]+|[a-z0-9]+")

# the edges of the Chinese ranges and what lies just outside them, Latin, full-width, marks, \0, beyond the BMP
CHARACTERS = st.sampled_from(
    [
        *"\u33ff\u3400\u4dbf\u4dc0\u4dff\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00",
        *"柴金甫阀门鲜切花",
    ]
    + [*"aZ09 ，。\0-_=", "ＡＢ１", "\U00020000", "😀", "ß", "㈱", "㍿"]
)
TEXTS = st.lists(CHARACTERS, max_size=40).map("".join)
TEXT = st.tuples(st.integers(0, 15), TEXTS, st.just(False))
WHOLE = st.tuples(st.integers(0, 15), TEXTS.map("=".__add__), st.just(True))  # as a title's term
DOCS = st.lists(st.lists(TEXT | WHOLE, max_size=4), max_size=12)


def _terms(text: str) -> set[str]:
    found = set()
    for run in RUNS.findall(fold(text)):
        found |= {run} if run[0].isascii() else {*run, *map("".join, zip(run, run[1:]))}
    return found


def _heaviest(doc) -> dict[str, int]:
    weights = {}
    for code, text, whole in doc:
        for term in {text} if whole else _terms(text):
            weights[term] = max(code, weights.get(term, 0))
    return weights


def test_chinese_is_indexed_as_characters_and_pairs_and_latin_as_words():
    assert terms("柴金甫") == {"柴", "金", "甫", "柴金", "金甫"}
    assert terms("2020年 CNAS认可") == {"2020", "年", "cnas", "认", "可", "认可"}
    assert terms("ＡＢ１２") == {"ab12"}  # full-width letters and digits are normalised


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_a_texts_terms_are_its_characters_pairs_and_words(text):
    assert terms(text) == _terms(text)


@settings(max_examples=150, deadline=None)
@given(DOCS, st.integers(1, 5), st.integers(1, 8))
@example(
    [[(1, "㍿" * 30, False)]], 1, 4
)  # 株式会社 thirty times: more terms than the room kept for them
def test_every_term_has_each_documents_heaviest_weight_in_document_order(docs, run, part):
    """Worked out a few documents at a time and encoded a few postings at a time, so that runs and slices end
    inside a hall, and a term's postings outlast a slice."""
    expected: dict[str, list[tuple[int, int]]] = {}
    for i, doc in enumerate(docs):
        for term, code in _heaviest(doc).items():
            expected.setdefault(term, []).append((i, code))
    with mock.patch.object(postings, "_RUN", run), mock.patch.object(postings, "_SLICE", part):
        written = postings.postings(docs)
    assert list(written) == sorted(expected)
    assert {term: read_digits(text) for term, text in written.items()} == expected
    for doc in docs:
        assert best(doc) == _heaviest(doc)


def _read_digits(text: str) -> list[tuple[int, int]]:
    """The browser's reading of a posting string (search.js postings), as (id, weight code) pairs."""
    pairs, doc, n = [], 0, 0
    for char in text:
        digit = DIGITS.index(char)
        n = n * 32 + (digit & 31)
        if digit < 32:
            doc += n // 16
            pairs.append((doc, n % 16))
            n = 0
    return pairs


def test_postings_are_written_compactly_and_read_back_exactly():
    pairs = [(0, 1), (1, 7), (37, 3), (40_000, 15), (40_001, 0), (2_000_000, 2), (2**26, 9)]
    text = digits(pairs)
    assert _read_digits(text) == pairs
    assert len(text) < len(",".join(str(n) for pair in pairs for n in pair)) / 2
