"""The spec format as JSON Schema draft-07, for yaml-language-server (completion and checking)."""

from __future__ import annotations

import json
from typing import Any

from generator.spec.format import SpecFile

SCHEMA_FILE = "spec.schema.json"


def _draft07(node: Any) -> Any:
    """pydantic writes 2020-12 style ``$defs``; draft-07 tools read ``definitions``."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$defs":
                out["definitions"] = _draft07(v)
            elif k == "$ref" and isinstance(v, str):
                out[k] = v.replace("#/$defs/", "#/definitions/")
            else:
                out[k] = _draft07(v)
        return out
    if isinstance(node, list):
        return [_draft07(v) for v in node]
    return node


def spec_json_schema() -> str:
    schema = _draft07(SpecFile.model_json_schema(by_alias=True))
    schema = {"$schema": "http://json-schema.org/draft-07/schema#",
              "$id": "https://pgspec.dev/schema/spec-v1.json",
              "title": "pgspec spec file (format v1)", **schema}
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
