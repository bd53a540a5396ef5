"""A wheel built from the repository works outside it: templates and catalog queries ship inside."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO


def test_wheel_works_outside_the_repository(tmp_path: Path, project_copy: Path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = dist.glob("pgspec-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/templates/migration.sql.j2" in names
    assert "generator/introspect/queries/tables.sql" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    generated = project_copy / "generated"
    for p in generated.rglob("*"):
        if p.is_file():
            p.unlink()
    env = dict(os.environ, PYTHONPATH=str(site))
    result = subprocess.run([sys.executable, "-c", "import generator, sys; print(generator.__file__); "
                             "from generator.cli import main; sys.exit(main(['generate']))"],
                            cwd=project_copy, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site)), "the wheel's package must be the one imported"
    for p in (REPO / "generated").rglob("*"):
        if p.is_file():
            assert (generated / p.relative_to(REPO / "generated")).read_bytes() == p.read_bytes(), p
