"""argparse's own words in Chinese: the usage line, section titles, the -h help and the error messages.

argparse looks up every text of its own through its module's `_` and `ngettext` (gettext) at the moment it
uses it. A gettext catalogue would be used only when the curator's locale is Chinese and a compiled .mo file is
installed, and Python ships none for argparse; so, while the hall's parser is built and parses, `chinese()`
puts a lookup in this table in their place, whatever the locale. A subclass could retitle the groups, but
argparse formats its error messages before any method of ours sees them. A text missing here (new in a later
Python) stays English, and tests/test_cli.py's help and usage-error tests find it.
"""

from __future__ import annotations

import argparse
from contextlib import contextmanager

MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "subcommands": "命令",
    "%(heading)s:": "%(heading)s：",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n运行“%(prog)s -h”查看用法。\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s：警告：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必须填写的参数：%s",
    "one of the arguments %s is required": "%s 中必须填写一个",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "not allowed with argument %s": "不能与 %s 一起使用",
    "ignored explicit argument %r": "不需要值，却写了 %r",
    "expected one argument": "后面要写一个值",
    "expected at most one argument": "后面最多写一个值",
    "expected at least one argument": "后面至少写一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "unexpected option string: %s": "无法识别的选项：%s",
    "invalid %(type)s value: %(value)r": "值 %(value)r 无效",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项（可选：%(choices)s）",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": "没有 %(value)r 这一项，是不是 %(closest)r？（可选：%(choices)s）",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r（可用：%(choices)s）",
}
PLURALS = {"expected %s argument": "后面要写 %s 个值"}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


@contextmanager
def chinese():
    """argparse speaks Chinese inside this block (building a parser, parsing, printing help and errors)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
