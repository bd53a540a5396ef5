"""Postgres's deparsed expressions, tidied back toward what a person writes.

Only what Postgres adds on its own is taken out: casts of string literals to text-like types,
``regclass`` or ``regconfig``; ``::text`` on a text-like column of the table; ``= ANY
(ARRAY[...])`` becomes ``IN (...)`` (``<> ALL`` becomes ``NOT IN``); runs of white space become
one space; parentheses around the whole expression go, and around an ``EXISTS`` or ``IN`` that
is a whole operand of ``AND`` / ``OR``; an ``AND`` inside an ``OR`` gets its parentheses back. String literals and quoted identifiers
are never touched, and a tidied text is kept only when ``generator.model.expr`` judges it the
same expression as Postgres's (else Postgres's text is written).
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.model.expr import Expr

_ATOM = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*\"""")
_UNTIDY = re.compile(r"::|\b(?:ANY|ALL|OR)\b|\s\s|\n|^\(")
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
    s = _grouped_and_in_or(_bare_operands(s))
    out = re.sub(r"\x00(\d+)\x00", lambda f: atoms[int(f.group(1))], s)
    return out if out != text and Expr(out) == Expr(text) else text


_OPERAND = re.compile(r"EXISTS \(|[\w.]+ (?:NOT )?IN \(")


def _bare_operands(s: str) -> str:
    """``(EXISTS (...)) AND (x NOT IN (...))`` → ``EXISTS (...) AND x NOT IN (...)``: parentheses
    Postgres prints around an EXISTS or IN that is a whole operand of AND / OR (both bind tighter)."""
    i = 0
    while True:
        i = s.find("(", i)
        if i < 0:
            return s
        end = _match(s, i)
        found = _OPERAND.match(s, i + 1)
        before, after = s[:i], s[end + 1:]
        if (found and _match(s, found.end() - 1) == end - 1
                and (not before or before.endswith(("(", " AND ", " OR ")))
                and (not after or after.startswith((")", " AND ", " OR ")))):
            s = s[:i] + s[i + 1:end] + s[end + 1:]
        else:
            i += 1


def _top_level_split(s: str, word: str) -> list[str]:
    """``s`` split at ``word`` (`` OR ``) where no parenthesis is open."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and s.startswith(word, i):
            parts.append(s[start:i])
            start = i + len(word)
    return parts + [s[start:]]


def _grouped_and_in_or(s: str) -> str:
    """``a OR b AND c`` → ``a OR (b AND c)``, as people write it (Postgres prints no parentheses:
    AND binds tighter). Only at the top level, never around a CASE (its WHEN may hold OR) nor
    a BETWEEN (whose AND is its own)."""
    if "CASE" in s:
        return s
    operands = _top_level_split(s, " OR ")
    if len(operands) < 2:
        return s
    return " OR ".join(f"({o})" if len(_top_level_split(o, " AND ")) > 1 and " BETWEEN " not in o else o
                       for o in operands)


def _match(s: str, i: int) -> int:
    """The index of the parenthesis closing the one at ``i`` (-1: none)."""
    depth = 0
    for j in range(i, len(s)):
        depth += s[j] == "("
        depth -= s[j] == ")"
        if depth == 0:
            return j
    return -1


def _closes_at_end(s: str) -> bool:
    """The parenthesis opening ``s`` is the one closing it."""
    depth = 0
    for i, ch in enumerate(s):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return i == len(s) - 1
    return False
