"""The spec folder an import writes: ``system.yaml`` (everything but tables) and one file per
table, named after it; written whole into a temporary folder, then renamed into place."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from generator.importer.yaml_text import dump

SYSTEM_FILE = "system.yaml"


class FolderNotEmpty(Exception):
    """``--out`` names a folder that already holds files (and ``--force`` was not given)."""


def file_name(table: str, schema: str, taken: set[str]) -> str:
    """A safe, unique file name for a table: ``tasks.yaml``, ``audit.events.yaml``."""
    stem = table if schema == "public" else f"{schema}.{table}"
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", stem).strip(".") or "table"
    name, i = f"{stem}.yaml", 2
    while name.lower() in taken or name == SYSTEM_FILE:
        name, i = f"{stem}_{i}.yaml", i + 1
    taken.add(name.lower())
    return name


def documents(system: dict, tables: dict[str, dict], schemas: dict[str, str]) -> dict[str, str]:
    """File name → YAML text. ``tables``: spec key (``events``, ``audit.events``) → table document;
    ``schemas``: key → schema."""
    files = {SYSTEM_FILE: dump(system)}
    taken: set[str] = {SYSTEM_FILE}
    for key in sorted(tables, key=lambda k: (schemas[k] != "public", schemas[k], k)):
        table = key if schemas[key] == "public" else key.removeprefix(f"{schemas[key]}.")  # audit.events
        files[file_name(table, schemas[key], taken)] = dump({"tables": {key: tables[key]}})
    return files


def write_folder(out: Path, files: dict[str, str], force: bool) -> None:
    """Write ``files`` as the folder ``out`` in one rename; an existing non-empty ``out`` needs ``force``."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise FolderNotEmpty(f"{out} exists and is not empty (use --force to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8", newline="\n")
        os.chmod(tmp, 0o777 & ~_umask())
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old / "previous")
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
