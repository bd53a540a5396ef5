"""Generated files: computed in memory first, then written atomically, or compared for ``check``."""

from __future__ import annotations

import contextlib
import ctypes
import difflib
import errno
import fcntl
import os
import secrets
import shutil
import sys
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
    """Write changed outputs and remove stale ones, as one atomic replacement of the output tree
    (``generated/``): a reader, or a run killed at any moment, sees the whole old tree or the whole
    new one. Files that do not change keep their bytes. Returns the paths touched. Call it after
    ``recover`` (what a killed run left), under ``project_lock`` when other runs may write the
    same project."""
    wanted = {o.path: o.text for o in outputs}
    trees = {p.parts[0] for p in [*wanted, *owned_dirs]}
    if len(trees) != 1:
        raise ValueError(f"outputs must share one top folder, not {sorted(trees)}")
    tree = Path(trees.pop())
    changed = [p for p, text in wanted.items() if not (root / p).is_file()
               or (root / p).read_text(encoding="utf-8", errors="replace") != text]
    stale = stale_files(root, outputs, owned_dirs)
    if changed or stale:
        _replace_tree(root, tree, {p: wanted[p] for p in changed}, set(stale))
    return changed + stale


_TEMP = ".{}.tmp-"  # sibling folders of the output tree: the next tree being built, or a replaced one
_OLD = ".{}.old-"  # the replaced tree, while the fallback swap (two renames) runs


@contextlib.contextmanager
def project_lock(root: Path):
    """An exclusive lock on the project folder itself (no lock file), held from reading the
    migrations' snapshot to writing the new tree, so that two runs never plan or write at once."""
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def recover(root: Path, tree: Path) -> None:
    """Clean what a killed run left beside the tree (only under the lock: no live run owns it). The
    fallback swap, killed between its renames, leaves no tree but the complete old one: put it back."""
    for leftover in sorted(root.glob(_OLD.format(tree.name) + "*")):
        if not (root / tree).exists():
            os.rename(leftover, root / tree)
        else:
            shutil.rmtree(leftover)
    for leftover in sorted(root.glob(_TEMP.format(tree.name) + "*")):
        shutil.rmtree(leftover)


def _replace_tree(root: Path, tree: Path, changed: dict[Path, str], stale: set[Path]) -> None:
    current = root / tree
    new = _sibling(root, _TEMP.format(tree.name))
    try:
        if current.is_dir():
            for folder, dirs, files in os.walk(current):
                rel = Path(folder).relative_to(root)
                for d in dirs:
                    (new / (rel / d).relative_to(tree)).mkdir()
                for f in files:
                    if rel / f not in changed and rel / f not in stale:
                        _keep(Path(folder) / f, new / (rel / f).relative_to(tree))
        for path, text in changed.items():
            _write_new(new / path.relative_to(tree), text)
        _fsync_dir(new)
        old = _swap(root, new, current)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old)


def _sibling(root: Path, prefix: str) -> Path:
    """A new empty folder in ``root`` with the usual permissions (``mkdtemp`` would make it private)."""
    while True:
        path = root / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue


def _keep(source: Path, target: Path) -> None:
    """An unchanged file in the new tree: the same inode when the file system allows, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap(root: Path, new: Path, current: Path) -> Path | None:
    """Put the tree ``new`` in place of ``current``; returns the folder now holding the old tree."""
    if not current.exists():
        os.rename(new, current)
        old = None
    elif _exchange(new, current):
        old = new  # the names stay; the contents traded places
    else:  # two renames: a run killed between them is repaired by ``recover``
        old = _sibling(root, _OLD.format(current.name))
        os.rename(current, old)  # onto the empty folder just made
        os.rename(new, current)
    _fsync_dir(root)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    renameat2 = getattr(_LIBC, "renameat2", None) if _LIBC is not None else None
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2
try:
    _LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
except OSError:
    _LIBC = None


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
