"""Cells that Excel or WPS would run as formulas when they open a CSV file (CSV injection, OWASP): a value
beginning with =, +, -, @, a tab or a carriage return, such as =HYPERLINK("http://…"&A1,"点这里").

Files the site publishes neutralise such a value with a leading ' (the spreadsheet then shows it as text).
Files curators keep (the registers) refuse it instead, as a row error (E709): a ' written there would become
part of the value the next time the register is read.

A lone "-" is left alone: rosters write it for "none", and a spreadsheet shows it as text.
"""

from __future__ import annotations

STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Would a spreadsheet run this cell as a formula?"""
    return text.startswith(STARTS) and text != "-"


def neutralised(text: str) -> str:
    """The cell as published: with a leading ' when it would run as a formula."""
    return "'" + text if formula_like(text) else text
