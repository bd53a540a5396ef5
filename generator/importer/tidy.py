"""Postgres's deparsed expressions, tidied back toward what a person writes.

Only what Postgres adds on its own is taken out: casts of string literals to text-like types,
``regclass`` or ``regconfig``; ``::text`` on a text-like column of the table; ``= ANY
(ARRAY[...])`` becomes ``IN (...)`` (``<> ALL`` becomes ``NOT IN``); runs of white space become
one space; parentheses around the whole expression go. String literals and quoted identifiers
are never touched, and a tidied text is kept only when ``generator.model.expr`` judges it the
same expression as Postgres's (else Postgres's text is written).
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.model.expr import Expr

_ATOM = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*\"""")
_UNTIDY = re.compile(r"::|\b(?:ANY|ALL)\b|\s\s|\n|^\(")
_LIT = r"\x00\d+\x00"
_LIT_CAST = re.compile(rf"({_LIT})::(?:text|character varying|regclass|regconfig)(?![\w(\[])")
_ARRAY_CAST = re.compile(r"(ARRAY\[[^\[\]]+\])::(?:text|character varying)\[\]")
_ITEM = rf"(?:{_LIT}|-?\d+(?:\.\d+)?)"
_ANY = re.compile(rf"(?<![.\w])(\w+) (=|<>) (ANY|ALL) \(ARRAY\[({_ITEM}(?:, {_ITEM})*)\]\)")


@lru_cache(maxsize=65536)
def tidy(text: str, text_columns: frozenset[str] = frozenset()) -> str:
    """``text`` tidied; ``text_columns``: the table's columns of a text-like type."""
    if "$" in text or "E'" in text or not _UNTIDY.search(text):
        return text
    atoms: list[str] = []

    def hide(found: re.Match) -> str:
        atoms.append(found.group(0))
        return f"\x00{len(atoms) - 1}\x00"

    s = _ATOM.sub(hide, text)
    s = _LIT_CAST.sub(r"\1", s)
    for column in text_columns:
        s = re.sub(rf"(?<![.\w]){re.escape(column)}::text(?![\w(\[])", column, s)
    s = _ARRAY_CAST.sub(r"\1", s)
    s = _ANY.sub(lambda f: f"{f.group(1)} {'IN' if f.group(2) == '=' and f.group(3) == 'ANY' else 'NOT IN'} "
                           f"({f.group(4)})" if (f.group(2), f.group(3)) in (("=", "ANY"), ("<>", "ALL"))
                 else f.group(0), s)
    s = re.sub(r"\s+", " ", s).replace("( ", "(").replace(" )", ")").strip()
    while s.startswith("(") and _closes_at_end(s):
        s = s[1:-1].strip()
    out = re.sub(r"\x00(\d+)\x00", lambda f: atoms[int(f.group(1))], s)
    return out if out != text and Expr(out) == Expr(text) else text


def _closes_at_end(s: str) -> bool:
    """The parenthesis opening ``s`` is the one closing it."""
    depth = 0
    for i, ch in enumerate(s):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i == len(s) - 1
    return False
