"""Generated files: computed in memory first, then written atomically, or compared for ``check``."""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    path: Path  # relative to the project root
    text: str


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stale_files(root: Path, outputs: list[Output], owned_dirs: list[Path]) -> list[Path]:
    """Files under the generated folders that the current specs no longer produce."""
    wanted = {o.path for o in outputs}
    found = []
    for d in owned_dirs:
        if (root / d).is_dir():
            found += [p.relative_to(root) for p in (root / d).rglob("*") if p.is_file()]
    return sorted(p for p in found if p not in wanted)


def write_all(root: Path, outputs: list[Output], owned_dirs: list[Path]) -> list[Path]:
    """Write changed outputs, remove stale ones; returns the paths touched."""
    touched = []
    for o in outputs:
        target = root / o.path
        if not target.is_file() or target.read_text(encoding="utf-8") != o.text:
            write_atomic(target, o.text)
            touched.append(o.path)
    for stale in stale_files(root, outputs, owned_dirs):
        (root / stale).unlink()
        touched.append(stale)
    return touched


def differences(root: Path, outputs: list[Output], owned_dirs: list[Path]) -> list[str]:
    """Unified diffs between the files on disk and what ``generate`` would write."""
    out = []
    for o in outputs:
        target = root / o.path
        current = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else None
        if current != o.text:
            out.append("".join(difflib.unified_diff(
                (current or "").splitlines(keepends=True), o.text.splitlines(keepends=True),
                fromfile=f"a/{o.path}" if current is not None else "/dev/null", tofile=f"b/{o.path}")))
    for stale in stale_files(root, outputs, owned_dirs):
        out.append(f"stale file {stale}: no spec produces it any more (run `make generate`)\n")
    return out
