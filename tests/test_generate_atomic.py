"""``generate`` replaces generated/ as a whole: killed (SIGKILL) at any moment, the folder holds the
complete old tree or the complete new one, and the next ``generate`` cleans up and succeeds."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from generator import output
from generator.cli import main

RUNS = 40
OLD_SPEC = """
tables:
  {name}_users:
    columns:
      id: {{type: serial, primary_key: true}}
      email: {{type: text, nullable: false, unique: true}}
"""
NEW_SPEC = OLD_SPEC + """
      nickname: {{type: text, nullable: true, comment: added by the new spec}}
  {name}_tasks:
    columns:
      id: {{type: serial, primary_key: true}}
      owner_id: {{type: integer, nullable: false, references: {name}_users.id}}
      title: {{type: varchar(200), nullable: false}}
    indexes:
      {name}_tasks_owner: {{columns: [owner_id]}}
"""
SYSTEMS = ["alpha", "beta", "gamma", "delta"]


def tree(root: Path) -> dict[str, bytes]:
    """generated/ as relative path → bytes (and the folders of the project root beside it)."""
    out = {p.relative_to(root).as_posix(): p.read_bytes()
           for p in sorted((root / "generated").rglob("*")) if p.is_file()}
    assert out, "generated/ is missing or empty"
    return out


def write_specs(root: Path, template: str) -> None:
    for name in SYSTEMS:
        folder = root / "spec" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "spec.yaml").write_text(template.format(name=name))


def _start(root: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "generator", "generate"], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def transition(tmp_path: Path) -> tuple[Path, dict[str, bytes], dict[str, bytes], float]:
    """A project whose generated/ is the old tree; the old and new trees; a full run's duration."""
    root = tmp_path / "project"
    write_specs(root, OLD_SPEC)
    assert main(["-C", str(root), "generate"]) == 0
    old = tree(root)
    keep = tmp_path / "old-generated"
    shutil.copytree(root / "generated", keep)
    write_specs(root, NEW_SPEC)
    started = time.monotonic()
    assert _start(root).wait(timeout=120) == 0
    duration = time.monotonic() - started
    new = tree(root)
    assert new != old and set(old) < set(new)  # new migrations, and rewritten docs and models
    shutil.rmtree(root / "generated")
    shutil.copytree(keep, root / "generated")
    return root, old, new, duration


def test_sigkill_at_random_moments_leaves_old_or_new_tree(transition) -> None:
    root, old, new, duration = transition
    rng = random.Random(20261203)
    seen = {"old": 0, "new": 0}
    for run in range(RUNS):
        process = _start(root)
        time.sleep(rng.uniform(0, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        now = tree(root)
        assert now in (old, new), f"run {run}: generated/ is neither the old nor the new tree"
        seen["old" if now == old else "new"] += 1
        assert main(["-C", str(root), "generate"]) == 0, f"run {run}: the next generate failed"
        assert tree(root) == new
        assert sorted(p.name for p in root.iterdir()) == ["generated", "spec"], "leftovers beside generated/"
        shutil.rmtree(root / "generated")
        for path, data in old.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
    assert seen["old"] and seen["new"], f"the kills did not land on both sides: {seen}"


def test_fallback_swap_killed_between_renames_is_repaired(transition, monkeypatch) -> None:
    """Without renameat2 the swap is two renames; a run dying between them leaves only the old tree
    beside generated/'s place, and the next run puts it back before doing its work."""
    root, old, new, _ = transition
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    real_rename, calls = os.rename, []

    def dying_rename(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # the second rename of the swap: the new tree into place
            raise KeyboardInterrupt("killed")
        real_rename(src, dst)

    monkeypatch.setattr(output.os, "rename", dying_rename)
    with pytest.raises(KeyboardInterrupt):
        main(["-C", str(root), "generate"])
    assert not (root / "generated").exists()
    monkeypatch.setattr(output.os, "rename", real_rename)
    output.recover(root, Path("generated"))
    assert tree(root) == old
    assert main(["-C", str(root), "generate"]) == 0
    assert tree(root) == new
    assert sorted(p.name for p in root.iterdir()) == ["generated", "spec"]


def test_two_generates_at_once_wait_for_each_other(transition) -> None:
    root, old, new, _ = transition
    processes = [_start(root) for _ in range(2)]
    assert [p.wait(timeout=300) for p in processes] == [0, 0]
    assert tree(root) == new
    assert sorted(p.name for p in root.iterdir()) == ["generated", "spec"]


def test_unchanged_files_keep_their_inode_and_other_files_survive(transition) -> None:
    root, old, new, _ = transition
    (root / "generated" / "NOTES.txt").write_text("not generated: kept")
    schema = root / "generated" / "spec.schema.json"
    inode = schema.stat().st_ino
    assert main(["-C", str(root), "generate"]) == 0
    assert schema.stat().st_ino == inode
    assert tree(root) == {**new, "generated/NOTES.txt": b"not generated: kept"}
    assert oct((root / "generated").stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
