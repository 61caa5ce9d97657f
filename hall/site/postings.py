"""A search index's terms and postings (hall.site.search), worked out with numpy.

A term is a Chinese character, a pair of adjacent ones, or a Latin word (letters and digits). In Python, each of a
story's thousand characters and pairs became a string in a set: two thirds of the search index's time. Here a
term is a number (a character its code point, a pair both code points, a Latin word or a whole title the number
`Terms.word` gives it); the terms of 64 documents at a time are sorted and kept once at their heaviest, and all
postings are sorted once by term, in a few array operations. Only the hall's distinct terms become strings.

A posting is a document's id and the code (0-15) of the weight of the heaviest field the term occurs in. A term's
postings are written in document order as base-32 numbers (`digits`): the gap to the previous id times 16 plus the
code, most significant digit first, every digit but the last from the upper half of DIGITS (as search.js reads
them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy as np

from hall.model.privacy import nfkc

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"  # 32 last digits, 32 "more follow"
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
WORDS = re.compile(r"[a-z0-9]+")

# A document's texts: (weight code, text, whether it is one whole term). A whole term (a title's) starts with "=",
# so that it is never a character, a pair or a word.
Texts = list[tuple[int, str, bool]]

# A term's number: a character its code point, a pair (Chinese is in the BMP) first << 16 | second, a word
# WORD + its index; a posting number << POSTING | doc id << 4 | weight code, in an unsigned 64-bit integer.
_WORD = 1 << 32
_POSTING = 31  # bits of a posting's doc id and code: 134 million documents
_NUMBER_BITS = 33
_RUN = 64  # documents whose terms are worked out together: a few megabytes of arrays at a time
_SLICE = 1 << 18  # postings encoded at a time, with a few arrays of their size (2 MB each)
_DIGIT_BYTES = np.frombuffer(DIGITS.encode("ascii"), np.uint8)


def fold(text: str) -> str:
    """Text as search compares it: full-width letters and digits as ASCII ones (NFKC), lower case."""
    return nfkc(text).lower()


def terms(text: str) -> set[str]:
    """Characters and character pairs of every Chinese run, and every Latin or digit word."""
    found = Terms()
    numbers, _ = found.occurrences([fold(text)])
    return {found.text(n) for n in set(numbers.tolist())}


class Terms:
    """The words met so far and their numbers (every other term's number is its own)."""

    def __init__(self):
        self.words: dict[str, int] = {}  # a Latin word, or a whole term -> its number
        self.listed: list[str] = []  # the words in the order of their numbers

    def word(self, text: str) -> int:
        number = self.words.get(text)
        if number is None:
            number = self.words[text] = _WORD + len(self.listed)
            self.listed.append(text)
        return number

    def text(self, number: int) -> str:
        if number >= _WORD:
            return self.listed[number - _WORD]
        return chr(number >> 16) + chr(number & 0xFFFF) if number >> 16 else chr(number)

    def occurrences(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Every term's number at each of its occurrences in these (folded) texts, and the index of its text."""
        joined = np.frombuffer("\0".join(texts).encode("utf-32-le", "surrogatepass"), "<u4")
        lengths = np.fromiter(map(len, texts), np.int64, len(texts)) + 1
        text_of = np.repeat(np.arange(len(texts), dtype=np.uint64), lengths)[: len(joined)]
        han = np.zeros(len(joined), bool)
        for low, high in HAN_RANGES:
            han |= (joined >= low) & (joined <= high)
        points, pairs = joined.astype(np.uint64), han[:-1] & han[1:]
        words = [(self.word(w), i) for i, text in enumerate(texts) for w in WORDS.findall(text)]
        found = np.array(words, np.uint64).reshape(-1, 2)
        numbers = (points[han], (points[:-1] << 16 | points[1:])[pairs], found[:, 0])
        return np.concatenate(numbers), np.concatenate(
            (text_of[han], text_of[:-1][pairs], found[:, 1])
        )


def _starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values in a sorted array starts."""
    new = np.empty(len(ordered), bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return new


def heaviest(found: Terms, docs: list[Texts], first: int = 0) -> np.ndarray:
    """These documents' postings (the first is document `first`), each at the heaviest of the document's texts
    the term occurs in."""
    texts, tags, whole, whole_tags = [], [], [], []
    for i, doc in enumerate(docs):
        for code, text, one in doc:
            if one:
                whole.append(found.word(text))
                whole_tags.append(i << 4 | code)
            else:
                texts.append(fold(text))
                tags.append(i << 4 | code)
    numbers, text_of = found.occurrences(texts)
    tag = np.concatenate((np.array(tags, np.uint64)[text_of], np.array(whole_tags, np.uint64)))
    numbers = np.concatenate((numbers, np.array(whole, np.uint64)))
    # by document, term and weight, heaviest first: a document's term is kept where it comes first
    key = (tag >> 4) << _NUMBER_BITS + 4 | numbers << 4 | 15 - (tag & 15)
    key.sort()
    key = key[_starts(key >> 4)]
    docs_at = (key >> _NUMBER_BITS + 4) + first
    return (key >> 4 & (1 << _NUMBER_BITS) - 1) << _POSTING | docs_at << 4 | 15 - (key & 15)


def best(texts: Texts) -> dict[str, int]:
    """One document's terms and the code of the heaviest weight each has."""
    found = Terms()
    return {found.text(k >> _POSTING): k & 15 for k in heaviest(found, [texts]).tolist()}


def postings(docs: Sequence[Texts]) -> dict[str, str]:
    """Every term of these documents (numbered in order) and its postings as `digits`, terms in sorted order."""
    found, key, at = Terms(), _room(docs), 0
    for first in range(0, len(docs), _RUN):
        run = heaviest(found, docs[first : first + _RUN], first)
        if at + len(run) > len(key):  # NFKC made a text longer than its room
            key = np.concatenate((key[:at], np.empty(at + len(run), np.uint64)))
        key[at : at + len(run)] = run
        at += len(run)
    key = key[:at]
    key.sort()
    written = {found.text(number): text for number, text in _encoded(key)}
    return {term: written[term] for term in sorted(written)}


def _room(docs: Sequence[Texts]) -> np.ndarray:
    """An array for these documents' postings, at most a character, a pair and a word for every two characters of a
    text, and its whole terms: about twice what they take. Not filled, the rest takes no memory (its pages are
    taken as they are written), and the postings are not held twice, as in runs joined at the end (12 million at
    10,000 exhibits, 100 MB)."""
    room = sum(len(text) * 5 // 2 + 1 for doc in docs for _, text, _ in doc)
    return np.empty(room, np.uint64)


def _encoded(key: np.ndarray) -> Iterator[tuple[int, str]]:
    """Each term's number and its postings' digits, from the sorted postings, a slice of about _SLICE postings at a
    time (a term's all in one)."""
    start = 0
    while start < len(key):
        end = min(start + _SLICE, len(key))
        if end < len(key):
            end = int(np.searchsorted(key, key[end] >> _POSTING << _POSTING))
            if end == start:
                end = int(np.searchsorted(key, (key[start] >> _POSTING) + 1 << _POSTING))
        part = key[start:end]
        numbers, packed = part >> _POSTING, (part & (1 << _POSTING) - 1).astype(np.int64)
        new = _starts(numbers)
        previous = np.zeros(len(part), np.int64)
        previous[1:] = packed[:-1] & -16
        previous[new] = 0
        text, ends = _digits_of(packed - previous)
        firsts = np.flatnonzero(new)
        cuts = [0, *ends[firsts[1:] - 1].tolist(), len(text)]
        for j, number in enumerate(numbers[firsts].tolist()):
            yield number, text[cuts[j] : cuts[j + 1]]
        start = end


def digits(pairs: list[tuple[int, int]]) -> str:
    """(doc id, weight code) pairs, ids in order, as one string of base-32 numbers."""
    packed = np.array([doc << 4 | code for doc, code in pairs], np.int64)
    previous = np.zeros(len(packed), np.int64)
    previous[1:] = packed[:-1] & -16
    return _digits_of(packed - previous)[0]


def _digits_of(numbers: np.ndarray) -> tuple[str, np.ndarray]:
    """Every number's base-32 digits, joined, and where each number's digits end."""
    count, rest = np.ones(len(numbers), np.int64), numbers >> 5
    while (more := rest > 0).any():
        count += more
        rest >>= 5
    ends = np.cumsum(count)
    out = np.empty(int(ends[-1]) if len(ends) else 0, np.uint8)
    at, rest, upper = ends - 1, numbers, 0
    while len(at):
        out[at] = _DIGIT_BYTES[(rest & 31) + upper]
        rest, upper = rest >> 5, 32
        left = rest > 0
        at, rest = at[left] - 1, rest[left]
    return out.tobytes().decode("ascii"), ends


def read_digits(text: str) -> list[tuple[int, int]]:
    """The (doc id, weight code) pairs `digits` wrote (as search.js reads them)."""
    pairs, n, doc = [], 0, 0
    for char in text:
        digit = _DIGIT[char]
        n = n * 32 + (digit & 31)
        if digit < 32:
            doc += n >> 4
            pairs.append((doc, n & 15))
            n = 0
    return pairs


_DIGIT = {d: i for i, d in enumerate(DIGITS)}
