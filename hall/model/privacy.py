"""Private data that must never be published: resident ID numbers, mobile numbers, home addresses,
and front-matter keys that are meant to hold them.

Pure functions over text. Text is NFKC-normalised first, so full-width digits (１３８…) are found too;
numbers are reported in a canonical form (no separators, no +86), which is also what the
`public_numbers` allow list is compared in.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from hall.model import codes
from hall.model.problems import Code, Notice

LABELS = {
    "id": "身份证号码",
    "mobile": "手机号码",
    "address": "家庭住址",
    "private_field": "个人信息字段",
}
CODES = {
    "id": codes.E601,
    "mobile": codes.E602,
    "address": codes.E603,
    "private_field": codes.E603_FIELD,
}


@dataclass(frozen=True)
class Finding:
    kind: str  # "id", "mobile", "address" or "private_field"
    value: str  # canonical for numbers; the key's name for a private field
    label: str


# GB 11643-1999: 6-digit area, 8-digit birth date, 3-digit sequence, check character.
_ID = re.compile(r"(?<!\d)[1-9]\d{16}[\dXx](?!\d)")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# 11 digits from 13x–19x, optionally after +86/0086/86, written whole or grouped 3-4-4 by spaces or hyphens.
_MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")
# A doorplate followed by a building, unit or room (人民路12号3幢401室, 中山路100弄5号601室), or a
# building with its room (3幢2单元401室). A bare 号 (5号车间, 1号线, 第3号作品) is not an address.
_UNIT = r"(?:\d+|[一二三四五六七八九十]+)(?:幢|栋|号楼|单元|座|室)"
_ADDRESS = re.compile(
    rf"(?<=[\u4e00-\u9fff][路街巷道弄])(?:\d+弄)?\d+(?:-\d+)?号院?(?:{_UNIT})+"
    r"|(?<!\d)\d+(?:幢|栋|号楼)(?:\d+单元)?\d+室"
)
# What each finding cannot go without, as patterns that start with a character class, which re looks for in C:
# the findings' own patterns start with a look-behind, which is tried at every character of a story (eight times
# slower), so they are searched only where this finds something.
_CORES = {
    _ID: re.compile(r"[1-9]\d{16}"),
    _MOBILE: re.compile(r"1[3-9]\d[ -]?\d{4}[ -]?\d{4}"),
    _ADDRESS: re.compile(r"\d(?:号|幢|栋)"),
}
_PRIVATE_KEY_WORDS = (
    "住址",
    "地址",
    "住所",
    "身份证",
    "手机",
    "电话",
    "邮箱",
    "微信",
    "address",
    "phone",
    "mobile",
    "idnumber",
    "idcard",
    "email",
    "wechat",
)
_PRIVATE_KEY_TOKENS = {"tel", "addr"}  # only as whole words: "hotel" is not private


# Full-width punctuation in nearly every Chinese sentence, each as its own compatibility decomposition (an ASCII
# character): replaced first (str.replace is a C scan), a text then usually passes normalize's quick check, instead
# of being decomposed and composed again whole (ten times slower). The result is the same: a character replaced by
# its decomposition leaves the text's NFKD, and so its NFKC, as it was.
_FULL_WIDTH = tuple((chr(0xFEE0 + ord(c)), c) for c in ",:;()!?")


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), faster for Chinese prose."""
    for wide, narrow in _FULL_WIDTH:
        text = text.replace(wide, narrow)
    return unicodedata.normalize("NFKC", text)


def canonical(text: str) -> str:
    """A number as compared and reported: NFKC, upper-case, no spaces, hyphens or brackets, no +86."""
    text = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", text)).upper()
    mobile = re.fullmatch(r"(?:\+|00)?86(1[3-9]\d{9})", text)
    return mobile.group(1) if mobile else text


def valid_id(number: str) -> bool:
    """An 18-character resident ID number with a real birth date and a correct check character."""
    if not re.fullmatch(r"\d{17}[\dXx]", number):
        return False
    try:
        born = _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > _dt.date.today():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number, _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


# Every finding has a digit, and a digit after NFKC comes from a decimal digit of any script or from one of
# these blocks (superscripts, number forms, circled and parenthesised numbers, CJK compatibility...):
# text without any is skipped before normalising, which is most of a hall's lines.
_MAY_HOLD_DIGITS = re.compile(
    "[\\d\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218f\u2460-\u24ff"
    "\u2776-\u2793\u3200-\u33ff\U0001f100-\U0001f10c]"
)


def scan(text: str, allow: Iterable[str] = ()) -> list[Finding]:
    """Every resident ID, mobile number and home address in `text`, except those in `allow`."""
    if not _MAY_HOLD_DIGITS.search(text):
        return []
    text = nfkc(text)
    found = [("id", m) for m in _findall(_ID, text) if valid_id(m)]
    found += [("mobile", m) for m in _findall(_MOBILE, text)]
    found += [("address", m) for m in _findall(_ADDRESS, text)]
    allowed = {canonical(a) for a in allow}
    findings = (Finding(kind, canonical(value), LABELS[kind]) for kind, value in found)
    return [f for f in findings if f.value not in allowed]


def _findall(pattern: re.Pattern, text: str) -> list[str]:
    return pattern.findall(text) if _CORES[pattern].search(text) else []


def private_key(name: str) -> Finding | None:
    """A finding when a front-matter key is meant for private data (住址, phone, id_number, homeAddress…)."""
    text = unicodedata.normalize("NFKC", str(name))
    words = re.findall(r"[a-z]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", text).lower())
    compact = re.sub(r"[\W_]+", "", text.lower())
    if any(word in compact for word in _PRIVATE_KEY_WORDS) or _PRIVATE_KEY_TOKENS & set(words):
        return Finding("private_field", str(name), LABELS["private_field"])
    return None


def mask(value: str) -> str:
    """Enough of a value to find it in the file, not enough to publish it: 138***78."""
    return f"{value[:3]}***{value[-2:]}" if len(value) > 6 else f"{value[:1]}***"


def problem(finding: Finding, where: str, code: Code | None = None) -> Notice:
    """What to say of a finding. `where` is the quoted key of a private field, or where a value
    was found: “summary”中, 正文中; `code` another situation's words (a register's column)."""
    value = finding.value if finding.kind == "private_field" else mask(finding.value)
    return (code or CODES[finding.kind]).of(where=where, value=value)
