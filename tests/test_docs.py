"""The project documents itself: docs/contract.md lists what the models and lexicon enumerate, and
nothing in the repository points outside it."""

import re
import subprocess
import typing

import pytest
from conftest import ROOT

from zhengxie_parse.lexicon import shipped
from zhengxie_parse.models import DocKind, Level

CONTRACT = (ROOT / "docs" / "contract.md").read_text("utf-8")


def test_every_topic_code_is_in_the_contract_with_its_label():
    for code, topic in shipped("topics").items():
        assert f"| `{code}` | {topic['zh']} |" in CONTRACT, code


@pytest.mark.parametrize("values", [DocKind, Level], ids=["doc_kind", "level"])
def test_every_enumerated_value_is_in_the_contract(values):
    for value in typing.get_args(values):
        assert f"| `{value}` |" in CONTRACT, value


def test_nothing_points_outside_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        path = ROOT / name
        if path.suffix in (".py", ".md", ".yaml", ".toml", ".txt", ".cfg") or name == ".ci/run":
            text = path.read_text("utf-8", errors="replace")
            assert not re.search(r"\.\./shared|DESIGN\.md", text), name


def test_relative_links_in_the_docs_resolve():
    for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\((?!https?:|#)([^)#]+)", doc.read_text("utf-8")):
            assert (doc.parent / target).exists(), f"{doc.name}: {target}"
