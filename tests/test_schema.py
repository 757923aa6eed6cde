import copy
import json

import jsonschema
import pytest
from conftest import ROOT

from zhengxie_parse.schema import SCHEMA_FILE, schema_text
from zhengxie_parse.validate import validate_data

COMMITTED = ROOT / "schemas" / SCHEMA_FILE


def test_committed_schema_matches_models():
    assert COMMITTED.read_text("utf-8") == schema_text(), (
        "schema drifted: run `zxparse schema -o schemas/` and commit it"
    )


@pytest.mark.parametrize("golden", sorted((ROOT / "tests" / "golden").glob("*.json")), ids=lambda p: p.stem)
def test_golden_plans_validate(golden):
    schema = json.loads(COMMITTED.read_text("utf-8"))
    jsonschema.validate(json.loads(golden.read_text("utf-8")), schema)


GOLDEN = json.loads((ROOT / "tests" / "golden" / "nantong_2023_innovation_compilation.json").read_text("utf-8"))


def _with(path, value):
    """The golden plan with the value at `path` replaced (or removed, for `...`)."""
    data = copy.deepcopy(GOLDEN)
    *head, last = path
    target = data
    for key in head:
        target = target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return data


# Each plan as the published schema and `zxparse validate` must both judge it.
AGREEMENT = [
    ("golden", GOLDEN, True),
    ("year null (20xx)", _with(["meta", "year"], None), True),
    ("year as a string", _with(["meta", "year"], "2021"), False),
    ("year as a fraction", _with(["meta", "year"], 2021.5), False),
    ("year as a boolean", _with(["meta", "year"], True), False),
    ("unknown topic type", _with(["items", 0, "topic_type"], "banana"), False),
    ("declared count's topic type", _with(["declared_counts", 0, "topic_type"], "banana"), False),
    ("topic type in upper case", _with(["items", 0, "topic_type"], "RESEARCH"), False),
    ("month 13", _with(["items", 0, "time"], {"text": "13月", "months": [13]}), False),
    ("month 0", _with(["items", 0, "time"], {"text": "0月", "months": [0]}), False),
    ("month as a string", _with(["items", 0, "time"], {"text": "6月", "months": ["6"]}), False),
    ("June", _with(["items", 0, "time"], {"text": "6月", "months": [6]}), True),
    ("no time", _with(["items", 0, "time"], None), True),
    ("unknown doc kind", _with(["meta", "doc_kind"], "memo"), False),
    ("unknown level", _with(["meta", "level"], "galactic"), False),
    ("unknown topic source", _with(["items", 0, "topic_source"], "guessed"), False),
    (
        "unknown committee source",
        _with(["items", 0, "committees"], [{"name": "提案委", "canonical": None, "source": "x"}]),
        False,
    ),
    ("unknown severity", _with(["diagnostics"], [{"code": "x", "severity": "fatal", "message": "m"}]), False),
    ("unknown format", _with(["source", "format"], "rtf"), False),
    ("hash not hex", _with(["source", "sha256"], "abc"), False),
    ("negative block", _with(["items", 0, "source"], {"block": -1}), False),
    ("line 0", _with(["items", 0, "source"], {"block": 3, "line": 0}), False),
    ("negative count", _with(["declared_counts", 0, "count"], -1), False),
    ("a field the contract lacks", _with(["items", 0, "colour"], "red"), False),
    ("a required field missing", _with(["items", 0, "title"], ...), False),
    ("null where a list is required", _with(["items", 0, "leaders"], None), False),
]


@pytest.mark.parametrize("data,valid", [case[1:] for case in AGREEMENT], ids=[case[0] for case in AGREEMENT])
def test_schema_and_validate_agree(data, valid, lex):
    schema = json.loads(COMMITTED.read_text("utf-8"))
    assert jsonschema.Draft202012Validator(schema).is_valid(data) is valid
    assert (validate_data(data, lex) == []) is valid


def test_validate_goes_beyond_the_schema(lex):
    """What a schema cannot say (an item pointing at no node) only `validate` sees."""
    data = _with(["items", 0, "node_id"], "9.9")
    jsonschema.validate(data, json.loads(COMMITTED.read_text("utf-8")))
    assert [p.where for p in validate_data(data, lex)] == ["items[0].node_id"]
