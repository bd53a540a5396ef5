"""``models.py`` as a downstream team gets it: importable with nothing but pydantic (and its own
dependencies), the same bytes on every run, and not regenerated when its input is unchanged."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, SYSTEMS
from generator.emit import models as emit_models
from generator.emit.jsonschema import indented_json, schema_json
from generator.spec.build import load_system

PYDANTIC_ONLY = ("pydantic", "pydantic_core", "annotated_types", "typing_inspection", "typing_extensions")


def _pydantic_site(tmp_path):
    """A folder holding only pydantic and the packages it requires (symlinks)."""
    site = tmp_path / "site"
    site.mkdir()
    for name in PYDANTIC_ONLY:
        origin = importlib.util.find_spec(name).origin
        source = origin.rsplit("/", 1)[0] if origin.endswith("__init__.py") else origin
        (site / source.rsplit("/", 1)[1]).symlink_to(source)
    return site


def test_models_import_with_only_pydantic(tmp_path):
    site = _pydantic_site(tmp_path)
    files = [str(REPO / "generated" / s / "models.py") for s in SYSTEMS]
    script = textwrap.dedent(f"""
        import importlib.util, json, sys
        sys.path.insert(0, {str(site)!r})
        loaded = []
        for i, path in enumerate({files!r}):
            spec = importlib.util.spec_from_file_location(f"m{{i}}", path)
            module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            loaded.append(len([n for n in vars(module) if n.endswith("Insert")]))
        for absent in ("datamodel_code_generator", "generator", "psycopg", "yaml"):
            try:
                __import__(absent)
            except ImportError:
                pass
            else:
                raise SystemExit(f"{{absent}} is importable: the path is not restricted")
        roots = sorted({{m.split(".")[0] for m in sys.modules if not m.startswith("_sysconfigdata")}}
                       - set(sys.stdlib_module_names) - {{"__main__"}})
        print(json.dumps({{"inserts": loaded, "roots": roots}}))
    """)
    # -I: no environment, no user site; -S: no site-packages (only the folder above is added);
    # -B: no __pycache__ in generated/
    done = subprocess.run([sys.executable, "-I", "-S", "-B", "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert all(n > 0 for n in result["inserts"])
    assert set(result["roots"]) - {f"m{i}" for i in range(len(SYSTEMS))} <= set(PYDANTIC_ONLY)


def test_same_spec_same_bytes_and_reuse(monkeypatch):
    model = load_system(REPO / "spec" / "molecule").model
    schema = schema_json(model)
    first = emit_models.pydantic_models("molecule", schema)
    assert emit_models.pydantic_models("molecule", schema) == first
    assert first == (REPO / "generated" / "molecule" / "models.py").read_text()

    def no_generator(*_):
        raise AssertionError("datamodel-code-generator called for an unchanged input")

    monkeypatch.setattr(emit_models, "_generate", no_generator)
    assert emit_models.pydantic_models("molecule", schema, first) is first
    edited = first.replace("class ", "class X", 1)  # a hand edit: the body hash no longer matches
    with pytest.raises(AssertionError, match="called"):
        emit_models.pydantic_models("molecule", schema, edited)
    with pytest.raises(AssertionError, match="called"):  # another input
        emit_models.pydantic_models("molecule", schema.replace("Unique identifier", "Identifier"), first)


def _containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           _containers)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_indented_json_is_json_dumps(value):
    """schema.json is written by a faster writer that must give json.dumps's exact text."""
    assert indented_json(value) == json.dumps(value, indent=2, ensure_ascii=False)
