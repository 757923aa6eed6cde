"""The diagnostic registry (data/diagnostics.yaml) is the one list of codes: every code the source
emits is in it, the contract's table says the same, and each message reads back into Chinese."""

import re
import string

import pytest
from conftest import ROOT, SAMPLES

from zhengxie_parse.diagnostics import diagnostic, message_zh, name, registry

SOURCE = ROOT / "src" / "zhengxie_parse"


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _example(code: str) -> dict[str, str]:
    """A value for each field of `code`'s message."""
    return {field: f"值{n}" for n, field in enumerate(sorted(_fields(registry()[code]["message_en"])))}


def test_every_emitted_code_is_registered():
    text = "\n".join(
        p.read_text("utf-8") for p in SOURCE.rglob("*.py") if p.name not in ("diagnostics.py", "diagnostics_data.py")
    )
    emitted = set(re.findall(r'diagnostic\(\s*"([a-z_]+)"', text))
    emitted |= {f"numbering_{kind}" for kind in ("gap", "repeat")}  # built as f"numbering_{kind}"
    assert "Diagnostic(code=" not in text  # built through the registry only
    assert emitted and emitted <= set(registry())
    assert set(registry()) - emitted == set(), "a registered code nothing emits"


def test_contract_table_matches_the_registry():
    contract = (ROOT / "docs" / "contract.md").read_text("utf-8")
    table = dict(re.findall(r"^\| `([a-z_]+)` \| (info|warning|error) \|", contract, re.MULTILINE))
    assert table == {code: entry["severity"] for code, entry in registry().items()}


@pytest.mark.parametrize("code", sorted(registry()))
def test_entry_is_whole_and_reads_back_in_chinese(code):
    entry = registry()[code]
    assert entry["severity"] in ("info", "warning", "error")
    assert all(entry[key] for key in ("zh", "en", "explain", "message_en", "message_zh"))
    assert _fields(entry["message_zh"]) <= _fields(entry["message_en"])
    fields = _example(code)
    made = diagnostic(code, **fields)
    assert made.severity == entry["severity"]
    assert message_zh(made) == entry["message_zh"].format(**fields)
    assert not re.search(r"[A-Za-z]", message_zh(made)) and not re.search(r"[A-Za-z]", name(code))


def test_masks_are_notes_not_warnings():
    assert registry()["masked_text"]["severity"] == registry()["noise_removed"]["severity"] == "info"


def test_unknown_code_or_message_stays_readable():
    from zhengxie_parse.models import Diagnostic

    assert name("from_a_later_version") == "from_a_later_version"
    odd = Diagnostic(code="masked_text", severity="info", message="written by hand")
    assert message_zh(odd) == name("masked_text")


def test_the_generated_registry_module_says_what_the_yaml_says():
    """diagnostics_data.py is data/diagnostics.yaml as Python data (a start reads no YAML)."""
    import yaml

    from zhengxie_parse.diagnostics_data import REGISTRY

    written = (SOURCE / "data" / "diagnostics.yaml").read_text("utf-8")
    assert REGISTRY == yaml.safe_load(written), "data/diagnostics.yaml changed: run `python scripts/build_lexicon.py`"


def test_the_review_page_names_every_code_as_the_registry_does():
    """The page has no labels of its own for diagnostics: each code's row shows the registry's Chinese
    name, its meaning on hover and its message read back into Chinese."""
    import html

    from zhengxie_parse.html_page import labels
    from zhengxie_parse.pipeline import parse_file
    from zhengxie_parse.view import render

    made = [diagnostic(code, **_example(code)) for code in registry()]
    plan = parse_file(SAMPLES / "chongchuan_2021_consultation_plan.txt").model_copy(update={"diagnostics": made})
    page = html.unescape(render(plan, None))
    for d in made:
        entry = registry()[d.code]
        assert f'title="{d.code}：{entry["explain"]}">{entry["zh"]}<' in page, d.code
        assert message_zh(d) in page, d.code
    assert not set(registry()) & {code for group in labels().values() if isinstance(group, dict) for code in group}
