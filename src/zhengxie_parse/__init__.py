"""zxparse: Chinese CPPCC (人民政协) plan documents → validated structured plans.

    >>> from zhengxie_parse import parse_file
    >>> plan = parse_file("samples/chongchuan_2021_consultation_plan.txt")
    >>> plan.meta.year, len(plan.items)
    (2021, 12)

The public API is below; everything else is the pipeline's inside (read → clean → outline →
items → classify → meta → output), one module per stage.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Plan", "ZxError", "__version__", "load_lexicon", "parse_blocks", "parse_file"]


def __getattr__(name: str):
    # Imported on first use so that `zxparse --help` does not pay for pydantic and the pipeline.
    if name in ("parse_file", "parse_blocks"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "load_lexicon":
        from .lexicon import load_lexicon

        return load_lexicon
    if name == "Plan":
        from .models import Plan

        return Plan
    if name == "ZxError":
        from .errors import ZxError

        return ZxError
    raise AttributeError(name)
