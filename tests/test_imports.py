"""The package's import graph has no cycle: every module can be read after the ones it needs.

A lazy import inside a function is still a dependency (it only moves the cost), so both count. A cycle
is reported as the modules that go round it, e.g. `batch → report → batch`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "zhengxie_parse"
ROOT = Path(__file__).resolve().parent.parent / "src" / PACKAGE


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            target = ".".join(part for part in (base, node.module) if part)
            # `from . import pipeline` names a module; `from . import __version__` names the package
            subs = {f"{target}.{alias.name}" for alias in node.names} & known
            found.update(subs or ({target} & known))
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    paths = modules()
    return {name: imported(name, path, set(paths)) for name, path in paths.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a closed path of modules, or None (depth-first search, three colours)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def short(module: str) -> str:
    return module.removeprefix(f"{PACKAGE}.")


def test_the_import_graph_has_no_cycle():
    found = cycle(graph())
    assert found is None, "import cycle: " + " → ".join(map(short, found or []))


# The pipeline's stages, and what every stage or writer may need from below them: a shared helper that
# reached up into a stage would make each user of it load the pipeline (and, soon, a cycle).
STAGES = ("clean", "outline", "meta", "items", "classify", "pipeline")
SHARED = "chinese models blocks numbering lexicon diagnostics schema_errors atomic batch_files formats saved_plans"


def reached(edges: dict[str, set[str]], start: str) -> set[str]:
    """Every module `start` imports, directly or through others."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in edges[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


@pytest.mark.parametrize("module", SHARED.split())
def test_a_shared_module_needs_no_stage(module):
    stages = {f"{PACKAGE}.{stage}" for stage in STAGES}
    assert not reached(graph(), f"{PACKAGE}.{module}") & stages


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"a"}}, ["a", "b", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": {"b"}}, ["b", "c", "b"]),
    ],
)
def test_the_cycle_finder(edges, expected):
    assert cycle(edges) == expected


def test_lazy_and_relative_imports_count(tmp_path):
    source = "from . import b\nfrom .c import x\n\ndef f():\n    from ..d import y\n"
    path = tmp_path / "a.py"
    path.write_text(source, encoding="utf-8")
    known = {"p.q.b", "p.q.c", "p.d", "p.q"}
    assert imported("p.q.a", path, known) == {"p.q.b", "p.q.c", "p.d"}


def test_models_load_no_lexicon():
    # every command that reads a saved plan imports models: the lexicon (all of data/, as generated
    # Python) is for parsing, and models read only the topic codes, from their own generated module
    lexicon = {f"{PACKAGE}.lexicon", f"{PACKAGE}.lexicon_data"}
    assert not graph()[f"{PACKAGE}.models"] & lexicon
