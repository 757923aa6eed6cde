"""The published JSON Schema of the plan object, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from .models import Plan

SCHEMA_FILE = "plan.schema.json"


def plan_schema() -> dict:
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/zxparse/zxparse/schemas/plan.schema.json"
    return schema


def schema_text() -> str:
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(path: Path) -> None:
    """Write the schema to the file at `path`."""
    from .atomic import write_file

    write_file(path, schema_text().encode("utf-8"))
