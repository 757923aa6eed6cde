import json

import jsonschema
import pytest
from conftest import ROOT

from zhengxie_parse.schema import SCHEMA_FILE, schema_text

COMMITTED = ROOT / "schemas" / SCHEMA_FILE


def test_committed_schema_matches_models():
    assert COMMITTED.read_text("utf-8") == schema_text(), "schema drifted: run `zxparse schema` and commit schemas/"


@pytest.mark.parametrize("golden", sorted((ROOT / "tests" / "golden").glob("*.json")), ids=lambda p: p.stem)
def test_golden_plans_validate(golden):
    schema = json.loads(COMMITTED.read_text("utf-8"))
    jsonschema.validate(json.loads(golden.read_text("utf-8")), schema)
