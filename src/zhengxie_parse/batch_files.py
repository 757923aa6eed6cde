"""What a batch writes in its output folder beside the plans, by name: batch.py writes these files
and knows them as its own, the corpus report (corpus_report.py) links them."""

from __future__ import annotations

from pathlib import Path

BATCH_REPORT = "batch-report.json"  # the batch's record: each document's status, error and digest
CORPUS_INDEX = "index.html"  # the corpus report (`--report`), beside the plans
# the review pages of the corpus report, mirroring the plans' tree (apart, so a document named
# index.html cannot clash)
REVIEW_FOLDER = "review"


def review_page_name(out: Path, target: Path) -> str:
    """Where the review page of the plan at `target` goes, relative to `out`, as a URL path:
    'a/plan.json' → 'review/a/plan.html'."""
    return (Path(REVIEW_FOLDER) / target.relative_to(out).with_suffix(".html")).as_posix()
