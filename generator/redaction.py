"""Values of sensitive columns (``sensitive: true``) never leave the spec and the migrations.

Docs show ``<redacted>`` in their place; error messages about such a value name the column, not
the value; and text printed by ``check``, ``drift`` and ``migrate`` (a diff of a migration, a
database error quoting a failing row) is scrubbed of every sensitive value the specs hold, as the
SQL literal and as the bare text a database message would print. Bare texts shorter than
``MIN_BARE`` characters are not scrubbed on their own: they would blank unrelated words, and a
secret that short is no secret.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from generator.emit.quoting import literal
from generator.model import objects as m

REDACTED = "<redacted>"
MIN_BARE = 4


def shown(value: Any, sensitive: bool) -> str:
    """``value`` as an error message quotes it: its repr, or ``<redacted>`` for a sensitive column."""
    return REDACTED if sensitive else repr(value)


def sensitive_texts(models: Iterable[m.Model]) -> list[str]:
    """Every form in which a sensitive seed value or literal default could be printed, longest first."""
    out: set[str] = set()
    for model in models:
        for table in model.tables.values():
            for col in table.columns:
                if not col.sensitive:
                    continue
                if col.default is not None and col.default_is_literal:
                    out.add(col.default.text)
                for row in table.seed:
                    value = row.get(col.name)
                    if value is None:
                        continue
                    out.add(literal(value, col.type))
                    bare = value if isinstance(value, str) else json.dumps(value)
                    if len(bare) >= MIN_BARE:
                        out.add(bare)
    return sorted(out, key=lambda s: (-len(s), s))


def scrub(text: str, texts: list[str]) -> str:
    """``text`` with every sensitive text replaced by ``<redacted>``."""
    for secret in texts:
        text = text.replace(secret, REDACTED)
    return text
