"""Spec documents as YAML text, written the way the hand-written specs are.

Keys keep the order the drafter gave them (its order is the stable one); short mappings and
lists of plain values go on one line (``id: {type: serial, primary_key: true}``), long comments
are folded (``>-``), multi-line text such as a function body is a literal block (``|``).
A scalar is written plain only when the loader reads it back as the same string; anything else
is double-quoted (JSON escapes are valid YAML), so odd identifiers and strings round-trip.
"""

from __future__ import annotations

import json
import re
import textwrap
from functools import lru_cache
from typing import Any

WIDTH = 100
MODELINE = "# yaml-language-server: $schema=../../generated/spec.schema.json\n"

# What YAML 1.1 (PyYAML) would read as something other than a string.
_SPECIAL = re.compile(
    r"""^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |[-+]?(?:\.[0-9]+|[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
    |[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0o?[0-7_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<|=|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$""", re.X)
_BLOCK_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")
# Characters written escaped in quoted scalars: those a YAML stream may not hold raw, and those
# YAML 1.1 reads as line breaks (NEL, LS, PS) or a byte order mark.
_NOT_YAML_PRINTABLE = re.compile("[^\\x20-\\x7e\\xa0-\\u2027\\u202a-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd"
                                 "\\U00010000-\\U0010ffff]")
_FLOW_UNSAFE = re.compile(r"[,?:\[\]{}]")  # PyYAML ends a plain scalar there in flow context
# Maps of named objects: always one entry per line, never folded into ``{...}``.
SECTIONS = {"schemas", "extensions", "roles", "enums", "functions", "mixins", "tables", "columns", "unique",
            "checks", "foreign_keys", "exclusions", "indexes", "triggers", "policies", "grants", "domains",
            "composite_types", "attributes", "sequences", "views"}


@lru_cache(maxsize=65536, typed=True)
def scalar(value: Any, flow: bool = False) -> str:
    """One scalar as YAML text; ``flow``: inside ``{...}`` or ``[...]``, where ``,[]{}`` end it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    text = str(value)
    if _plain(text) and not (flow and _FLOW_UNSAFE.search(text)):
        return text
    return _NOT_YAML_PRINTABLE.sub(lambda c: f"\\u{ord(c.group(0)):04x}", json.dumps(text, ensure_ascii=False))


def _float(value: float) -> str:
    """A float as YAML 1.1 reads it back: an exponent needs a dot before it (``1.0e-05``)."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    mantissa, e, exponent = repr(value).partition("e")
    return f"{mantissa if '.' in mantissa else mantissa + '.0'}{e}{exponent}"


def _plain(text: str) -> bool:
    return (bool(_BLOCK_PLAIN.match(text)) and not _SPECIAL.match(text) and text == text.strip()
            and ": " not in text and " #" not in text and not text.endswith(":") and "\t" not in text
            and text.isprintable())


def _simple(value: Any) -> bool:
    return not isinstance(value, (dict, list)) and not (isinstance(value, str) and "\n" in value)


def _flow(value: Any, room: int = WIDTH) -> str | None:
    """``{a: 1, b: [x, y]}`` / ``[x, y]`` for a small structure of simple values no longer than
    ``room``, else None (given up as soon as it cannot fit)."""
    if isinstance(value, dict):
        parts, used = [], 2
        for k, v in value.items():
            key = scalar(k, True)
            inner = _flow(v, room - used - len(key) - 2) if isinstance(v, (dict, list)) else (
                scalar(v, True) if _simple(v) else None)
            if inner is None:
                return None
            parts.append(f"{key}: {inner}")
            used += len(parts[-1]) + 2
            if used > room + 2:
                return None
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        if not all(_simple(v) for v in value):
            return None
        text = "[" + ", ".join(scalar(v, True) for v in value) + "]"
        return text if len(text) <= room else None
    return None


def _text_block(text: str, indent: int, room: int) -> list[str] | None:
    """A long or multi-line string as a folded or literal block, when YAML can hold it exactly."""
    pad = " " * indent
    if "\n" in text:
        lines = text.split("\n")
        if text.endswith("\n\n") or not lines[0] or lines[0][0] == " " or any(
                line != line.rstrip() or "\t" in line or not line.isprintable() for line in lines):
            return None
        head = "|" if text.endswith("\n") else "|-"
        body = lines[:-1] if text.endswith("\n") else lines
        return [head] + [pad + line if line else "" for line in body]
    if len(text) <= room or "  " in text or text != text.strip() or not text.isprintable():
        return None
    wrapped = textwrap.wrap(text, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    if " ".join(wrapped) != text:
        return None
    return [">-"] + [pad + line for line in wrapped]


def dump(doc: dict, header: str = MODELINE) -> str:
    """A whole document: the editor modeline, then top-level sections separated by blank lines."""
    out = [header.rstrip("\n")] if header else []
    for i, (key, value) in enumerate(doc.items()):
        if i and isinstance(value, (dict, list)):
            out.append("")
        out += _entry(key, value, 0)
    return "\n".join(out) + "\n"


def _entry(key: Any, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    head = f"{pad}{scalar(key)}:"
    if isinstance(value, (dict, list)):
        if not value:
            return [f"{head} {'{}' if isinstance(value, dict) else '[]'}"]
        flow = None if key in SECTIONS and isinstance(value, dict) else _flow(value, WIDTH - len(head) - 1)
        if flow is not None:
            return [f"{head} {flow}"]
        if isinstance(value, dict):
            lines = [head]
            for k, v in value.items():
                lines += _entry(k, v, indent + 2)
            return lines
        return [head] + _items(value, indent + 2)
    if isinstance(value, str):
        block = _text_block(value, indent + 2, WIDTH - len(head) - 1)
        if block is not None:
            return [f"{head} {block[0]}"] + block[1:]
    return [f"{head} {scalar(value)}"]


def _items(values: list, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for v in values:
        if isinstance(v, dict) and v:
            flow = _flow(v, WIDTH - indent - 2)
            if flow is not None:
                lines.append(f"{pad}- {flow}")
                continue
            sub = []
            for k, item in v.items():
                sub += _entry(k, item, indent + 2)
            sub[0] = f"{pad}- {sub[0][indent + 2:]}"
            lines += sub
        elif isinstance(v, list):
            lines.append(f"{pad}- {_flow(v, 1 << 30) or json.dumps(v)}")
        else:
            lines.append(f"{pad}- {scalar(v)}")
    return lines
