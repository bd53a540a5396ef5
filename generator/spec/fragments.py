"""Checks on SQL fragments written in a spec (defaults, CHECK, USING, WITH CHECK, WHERE, WHEN ...).

Always enforced: the tokens form one balanced fragment (no top-level ``;``, balanced
parentheses and brackets, terminated quotes, no comments, which could swallow what the generator
writes after the fragment). Then sqlglot parses it as PostgreSQL (``generator.model.expr``); a
balanced fragment it cannot parse (pgvector's ``<#>``, say) is kept with an I300 note, never
refused: Postgres judges it when the migration is applied and when drift compares it.
"""

from __future__ import annotations

from functools import lru_cache

from sqlglot.errors import TokenError
from sqlglot.tokens import TokenType

from generator.model.expr import tokens

_OPEN = {TokenType.L_PAREN: TokenType.R_PAREN, TokenType.L_BRACKET: TokenType.R_BRACKET}
_CLOSE = {v: k for k, v in _OPEN.items()}


@lru_cache(maxsize=16384)
def fragment_problem(text: str) -> str | None:
    """Why ``text`` is not one balanced SQL fragment, or None when it is."""
    try:
        toks = tokens(text)
    except TokenError as e:
        return f"SQL fragment has an unterminated string or quoted identifier ({str(e).splitlines()[0]})"
    if any(t.token_type == TokenType.SEMICOLON for t in toks):
        return "SQL fragment contains ';': one expression only, never a second statement"
    if any(t.comments for t in toks) or (not toks and text.strip()):
        return "SQL fragment contains a comment; put notes in the spec's 'comment' instead"
    if not toks:
        return "SQL fragment is empty"
    stack: list[TokenType] = []
    for t in toks:
        if t.token_type in _OPEN:
            stack.append(t.token_type)
        elif t.token_type in _CLOSE:
            if not stack or stack.pop() != _CLOSE[t.token_type]:
                return f"unbalanced '{t.text}' at column {t.col}"
    if stack:
        return "unbalanced parentheses or brackets: a '(' or '[' is never closed"
    return None
