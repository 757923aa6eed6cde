r"""zxparse: Chinese CPPCC (人民政协) plan documents → validated structured plans.

    >>> from zhengxie_parse import parse_file, parse_text, tables
    >>> plan = parse_file("samples/chongchuan_2021_consultation_plan.txt")
    >>> plan.meta.year, len(plan.items)
    (2021, 12)
    >>> parse_text("2022年工作要点\n一、加强学习\n1．开展专题调研\n").items[0].topic_type
    'research'
    >>> rows = tables([plan])  # for pandas: pandas.DataFrame(rows["items"])
    >>> rows["items"][0]["topic_type_zh"]
    '常委会议协商'

The public API is below; everything else is the pipeline's inside (read → clean → outline → meta →
items → classify → output), one module per stage; docs/architecture.md walks through it and
docs/contract.md describes every field of a plan.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "Options",
    "Plan",
    "ZxError",
    "__version__",
    "load_lexicon",
    "parse_blocks",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "tables",
]

_HOME = {
    "Options": "document",
    "parse_file": "pipeline",
    "parse_text": "pipeline",
    "parse_bytes": "pipeline",
    "parse_blocks": "pipeline",
    "load_lexicon": "lexicon",
    "Plan": "models",
    "ZxError": "errors",
    "tables": "research",
}


def __getattr__(name: str):
    # Imported on first use so that `zxparse --help` does not pay for pydantic and the pipeline.
    if name not in _HOME:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f".{_HOME[name]}", __name__), name)
