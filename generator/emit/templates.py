"""The jinja2 environment: templates live in ``templates/`` and ship inside the wheel."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2


def template_dir() -> Path:
    """``generator/templates`` in an installed wheel, the repository's ``templates/`` otherwise."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("pgspec templates not found (looked in generator/templates and templates/)")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render_template(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
