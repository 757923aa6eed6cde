"""Topic types and domains against a reader's labels.

`tests/fixtures/topic_labels.yaml` holds real plan items (the samples and the development corpus),
each labelled by a CPPCC reader who never saw the classifier: doc, heading (nearest first, joined with
' / '), title, body, topic_type, domains, note. Each item goes through the classifier as items.py
sends it (`item_topic`, `item_domains`). `tests/test_topic_labels.py` holds the floors; this file,
also runnable (`python tests/topic_eval.py [-v]`), prints the scores, the confusion table and, with
-v, every miss with the reader's note.
"""

from __future__ import annotations

import sys
from collections import Counter
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
LABELS = HERE / "fixtures" / "topic_labels.yaml"

from zhengxie_parse.classify import item_domains
from zhengxie_parse.items import item_topic
from zhengxie_parse.lexicon import load_lexicon


@cache
def results() -> list[dict]:
    """Each label with what the classifier found: `got` (topic type), `got_domains`, `confidence`."""
    lex = load_lexicon()
    found = []
    for label in yaml.safe_load(LABELS.read_text("utf-8")):
        headings = [h for h in label["heading"].split(" / ") if h]
        topic = item_topic(label["title"], headings, label["body"], lex)
        domains = item_domains(label["title"], label["body"], lex)
        found.append(label | {"got": topic.code, "confidence": topic.confidence, "got_domains": list(domains)})
    return found


def topic_accuracy() -> float:
    found = results()
    return sum(r["got"] == r["topic_type"] for r in found) / len(found)


def domain_precision() -> float:
    """Of the domains claimed for items that have a labelled domain, the share the reader gave too."""
    pairs = [(set(r["got_domains"]), set(r["domains"])) for r in results() if r["domains"]]
    claimed = sum(len(got) for got, _ in pairs)
    return sum(len(got & want) for got, want in pairs) / claimed if claimed else 1.0


def domain_recall() -> float:
    pairs = [(set(r["got_domains"]), set(r["domains"])) for r in results() if r["domains"]]
    return sum(len(got & want) for got, want in pairs) / sum(len(want) for _, want in pairs)


def confusion() -> str:
    """Rows: the reader's type; columns: what the classifier said, for the types either used."""
    found = results()
    counts = Counter((r["topic_type"], r["got"]) for r in found)
    codes = sorted({r["topic_type"] for r in found} | {r["got"] for r in found})
    short = {code: code[:6] for code in codes}
    width = max(map(len, codes))
    lines = [" " * width + " " + " ".join(f"{short[c]:>6}" for c in codes) + "    n  right"]
    for want in codes:
        row = [counts[(want, got)] for got in codes]
        n = sum(row)
        if n:
            cells = " ".join(f"{(str(v) if v else '.'):>6}" for v in row)
            lines.append(f"{want:<{width}} {cells} {n:>4} {counts[(want, want)] / n:>6.0%}")
    return "\n".join(lines)


def confidence_table() -> str:
    found = results()
    lines = []
    for level in ("high", "medium", "low"):
        at = [r for r in found if r["confidence"] == level]
        if at:
            right = sum(r["got"] == r["topic_type"] for r in at) / len(at)
            lines.append(f"{level:<7} {len(at):>4} items, {right:.0%} right")
    return "\n".join(lines)


def main(verbose: bool) -> None:
    found = results()
    print(f"topic type: {topic_accuracy():.3f} right of {len(found)} items")
    print(f"domains: precision {domain_precision():.3f}, recall {domain_recall():.3f} (items with a labelled domain)")
    print("\nconfidence:\n" + confidence_table())
    print("\nconfusion (rows: reader, columns: zxparse):\n" + confusion())
    if verbose:
        print("\nmisses:")
        for r in found:
            if r["got"] != r["topic_type"]:
                print(
                    f"  {r['doc'][:12]} {r['title'][:40]!r}: {r['got']} ({r['confidence']}), reader {r['topic_type']}"
                )
                if r.get("note"):
                    print(f"      {r['note'][:150]}")


if __name__ == "__main__":
    main("-v" in sys.argv)
