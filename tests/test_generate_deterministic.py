"""``generate`` writes the same bytes whatever the hash seed, locale, time zone and the order in
which the file system lists folders: three runs from scratch under different settings agree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

# Runs the CLI with every folder listing (Path.iterdir, os.listdir, os.scandir: glob, rglob and
# os.walk use them) reversed or shuffled.
LISTING = """
import os, pathlib, random, sys
ORDER = sys.argv.pop(1)
rng = random.Random(7)
def reorder(items):
    items = list(items)
    if ORDER == "reversed":
        items.sort(key=lambda p: str(getattr(p, "name", p)), reverse=True)
    else:
        rng.shuffle(items)
    return items
_iterdir, _listdir, _scandir = pathlib.Path.iterdir, os.listdir, os.scandir
pathlib.Path.iterdir = lambda self: iter(reorder(_iterdir(self)))
os.listdir = lambda path=".": reorder(_listdir(path))
class _Entries(list):
    def __enter__(self): return self
    def __exit__(self, *exc): return False
    def close(self): pass
os.scandir = lambda path=".": _Entries(reorder(_scandir(path)))
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""

VARIANTS = [
    ({"PYTHONHASHSEED": "0", "LC_ALL": "C", "LANG": "C", "TZ": "UTC"}, None),
    ({"PYTHONHASHSEED": "4242", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "Pacific/Kiritimati"}, "reversed"),
    ({"PYTHONHASHSEED": "random", "LC_ALL": "POSIX", "LANG": "tr_TR.UTF-8", "TZ": "America/St_Johns"}, "shuffled"),
]


def _generate(root: Path, settings: dict[str, str], order: str | None) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONHASHSEED"))}
    env.update(settings, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "generator"] if order is None else [sys.executable, "-c", LISTING, order]
    result = subprocess.run([*command, "generate"], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "generated").rglob("*")) if p.is_file()}


def test_generate_is_byte_identical_across_seeds_locales_time_zones_and_listing_orders(tmp_path: Path) -> None:
    trees = []
    for i, (settings, order) in enumerate(VARIANTS):
        root = tmp_path / f"run{i}"
        shutil.copytree(REPO / "spec", root / "spec")
        trees.append(_generate(root, settings, order))
    assert len(trees[0]) > 30
    for (settings, order), other in zip(VARIANTS[1:], trees[1:]):
        differing = sorted(p for p in set(trees[0]) | set(other) if trees[0].get(p) != other.get(p))
        assert not differing, f"under {settings} with {order} listings these files differ: {differing}"
