"""Hostile spec inputs that cannot live as files in tests/malformed/ (a 20 MB file, symbolic link
loops), and the positive side of quoting: names with upper case, spaces, quotes and reserved words,
and a function body holding ``$$``, must generate SQL that applies and reads back without drift."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import apply_migrations, run_pgspec
from generator.drift import drift
from generator.spec.build import load_system
from generator.spec.yaml_loader import MAX_FILE_BYTES

TABLE = "tables:\n  users:\n    columns:\n      id: {type: serial, primary_key: true}\n"


def _refused(project: Path) -> list[str]:
    """Run generate in ``project``; check that it refused without writing; return its diagnostics."""
    (project / "generated").mkdir(exist_ok=True)
    (project / "generated" / "SENTINEL").write_text("keep")
    result = run_pgspec("generate", cwd=project)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    assert [p.name for p in (project / "generated").iterdir()] == ["SENTINEL"]
    return [line for line in result.stderr.splitlines() if not line.startswith("pgspec:")]


def test_a_20_mb_spec_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    folder = tmp_path / "spec" / "app"
    folder.mkdir(parents=True)
    row = "      c{:07d}: {{type: text, nullable: true}}\n"
    with (folder / "app.yaml").open("w") as f:
        f.write(TABLE)
        written = len(TABLE)
        i = 0
        while written < 20 * 1024 * 1024:
            written += f.write(row.format(i))
            i += 1
    assert written > MAX_FILE_BYTES
    started = time.monotonic()
    assert _refused(tmp_path) == ["spec/app/app.yaml:1:1: E103 file is larger than 8 MiB: split the spec into "
                                  "several files"]
    assert time.monotonic() - started < 30


def test_symbolic_link_loops_are_reported(tmp_path: Path) -> None:
    app = tmp_path / "spec" / "app"
    app.mkdir(parents=True)
    (app / "app.yaml").write_text(TABLE)
    (app / "loop.yaml").symlink_to("loop.yaml")  # a file link to itself
    (app / "gone.yaml").symlink_to("missing.yaml")  # a link that leads nowhere
    (app / "sub").symlink_to(".")  # a folder loop: system folders are not searched recursively
    (tmp_path / "spec" / "circle").symlink_to("circle")  # a system folder that is a loop
    assert _refused(tmp_path) == [
        "spec/app/gone.yaml:1:1: E102 cannot read file: No such file or directory",
        "spec/app/loop.yaml:1:1: E102 cannot read file: Too many levels of symbolic links",
        "spec/circle:1:1: E150 spec folder is a symbolic link that leads nowhere (or into a loop)",
    ]


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "app"
    folder.mkdir()
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 30)]  # 10**30 leaves
    (folder / "app.yaml").write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    try:
        load_system(folder)
    except Exception as e:  # noqa: BLE001 - the diagnostic is what is checked
        assert "E112 YAML aliases (*name) are not supported" in str(e)
    else:
        raise AssertionError("an alias bomb was accepted")
    assert time.monotonic() - started < 5


ODD = r"""
system: {name: odd, description: Names that need quoting.}
schemas:
  Sales Dept: {comment: a schema with upper case and a space}
roles:
  Report Reader: {}
enums:
  mood:
    values: ["it's fine", 'say "hi"', 'a,b', 'back\slash', '$$']
functions:
  "touch $$ it":
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        NEW."Updated At" := now();
        PERFORM $$ a $$ || $fn$ b $fn$;  -- both dollar tags appear in the body
        RETURN NEW;
      END;
tables:
  user:
    columns:
      id: {type: serial, primary_key: true}
      select: {type: text, nullable: false, unique: true}
      From: {type: text, nullable: true, check: '"From" <> ''x'''}
      my column: {type: integer, nullable: true, default: {value: 3}}
      quote"d: {type: text, nullable: true, default: {value: "it's"}}
      Updated At: {type: timestamptz, nullable: true}
    seed:
      - {id: 1, select: "o'clock; DROP TABLE users; --", From: 'a"b', my column: 1}
  Order Lines:
    schema: Sales Dept
    columns:
      id: {type: integer, primary_key: true}
      user: {type: integer, nullable: false, references: {table: user, schema: public, on_delete: cascade}}
      Mood: {type: mood, nullable: false, default: {value: "it's fine"}}
      group: {type: text, nullable: true}
    indexes:
      By User: {columns: [user, {column: group, order: desc}], where: '"group" IS NOT NULL'}
    triggers:
      Touch Me:
        timing: before
        events: [update]
        function: public.touch $$ it
        args: ["a'b", "c;d"]
    rls: {enabled: true}
    policies:
      Readers See All: {command: select, roles: [Report Reader], using: '"user" > 0'}
    grants:
      Report Reader: [select]
"""


def test_odd_names_are_quoted_apply_and_read_back_without_drift(tmp_path: Path, fresh_db: str) -> None:
    folder = tmp_path / "spec" / "odd"
    folder.mkdir(parents=True)
    (folder / "odd.yaml").write_text(ODD, encoding="utf-8")
    (tmp_path / "odd_extra.yaml").write_text("")  # not under spec/: ignored
    result = run_pgspec("generate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    sql = (tmp_path / "generated" / "odd" / "migrations" / "0001_initial.sql").read_text()
    for quoted in ('"user"', '"select"', '"From"', '"my column"', '"quote""d"', '"Sales Dept"."Order Lines"',
                   '"Report Reader"', '"touch $$ it"', "'o''clock; DROP TABLE users; --'"):
        assert quoted in sql, quoted
    apply_migrations(fresh_db, tmp_path / "generated" / "odd" / "migrations")
    model = load_system(folder).model
    assert [c.describe() for c in drift(fresh_db, model)] == []
