"""Charts for the corpus report, drawn as inline SVG.

Hand-drawn rather than by a charting library: the report needs four plain charts (bars and a
year-by-type grid), must be one file that opens offline, and should not add a dependency the size of
a plotting stack to a parser. Sizes are in SVG units; the charts scale to their box.
"""

from __future__ import annotations

import html

WIDTH = 560  # a bar chart
GRID_WIDTH = 1120  # a grid at most; its cells are CELL wide until they must shrink
CELL = 52.0
ROW = 24  # height of a bar's row
BAR = 15
VALUE_SPACE = 44  # room right of the longest bar for its number
FONT = 12.5


def text_width(text: str) -> float:
    """Width of `text` at FONT size: a CJK character is about one em, a Latin one about half."""
    return sum(FONT if ord(ch) > 0x2E80 else FONT * 0.56 for ch in text)


def _label_space(labels: list[str]) -> float:
    return min(max((text_width(t) for t in labels), default=0) + 14, WIDTH * 0.45)


def _svg(width: float, height: float, title: str, body: str) -> str:
    """A chart drawn at its own size (text at FONT px), shrinking with a narrow window."""
    return (
        f'<svg class="chart" width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-label="{html.escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{html.escape(title)}</title>{body}</svg>'
    )


def _label(left: float, y: float, label: str) -> str:
    """A row's label, right-aligned before the plot."""
    return (
        f'<text x="{left - 10:.1f}" y="{y + ROW / 2:.1f}" class="lab" text-anchor="end" dominant-baseline="central">'
        f"{html.escape(label)}</text>"
    )


def bars(title: str, rows: list[tuple[str, int, str]]) -> str:
    """Horizontal bars, one a row, in the order given: (label, value, colour)."""
    if not rows:
        return '<p class="empty">无数据</p>'
    left = _label_space([label for label, _, _ in rows])
    top = max(value for _, value, _ in rows) or 1
    span = WIDTH - left - VALUE_SPACE
    parts = []
    for n, (label, value, colour) in enumerate(rows):
        y = n * ROW
        length = max(span * value / top, 1.5)
        parts.append(
            _label(left, y, label)
            + f'<rect x="{left:.1f}" y="{y + (ROW - BAR) / 2:.1f}" width="{length:.1f}" height="{BAR}" rx="2" '
            f'fill="{colour}"><title>{html.escape(label)}：{value}</title></rect>'
            f'<text x="{left + length + 6:.1f}" y="{y + ROW / 2:.1f}" class="val" dominant-baseline="central">'
            f"{value}</text>"
        )
    return _svg(WIDTH, len(rows) * ROW + 4, title, "".join(parts))


def grid(title: str, rows: list[tuple[str, str]], columns: list[str], counts: dict[tuple[str, str], int]) -> str:
    """A grid of counts: one row a (label, colour), one column a heading; a cell's shade is its count
    against the largest cell, in its row's colour."""
    if not rows or not columns:
        return '<p class="empty">无数据</p>'
    left = _label_space([label for label, _ in rows])
    head = 26
    cell = min(CELL, (GRID_WIDTH - left) / len(columns))
    top = max(counts.values(), default=0) or 1
    parts = [
        f'<text x="{left + (i + 0.5) * cell:.1f}" y="{head / 2:.1f}" class="col" text-anchor="middle" '
        f'dominant-baseline="central">{html.escape(column)}</text>'
        for i, column in enumerate(columns)
    ]
    for r, (label, colour) in enumerate(rows):
        y = head + r * ROW
        parts.append(_label(left, y, label))
        for c, column in enumerate(columns):
            value = counts.get((label, column), 0)
            x = left + c * cell
            shade = 0.0 if not value else 0.15 + 0.85 * value / top
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell - 2:.1f}" height="{ROW - 2}" rx="2" '
                f'fill="{colour if value else "#eef0f3"}" fill-opacity="{shade if value else 1:.2f}">'
                f"<title>{html.escape(label)} · {html.escape(column)}：{value}</title></rect>"
            )
            if value:
                ink = "#fff" if shade > 0.55 else "#1f2933"
                parts.append(
                    f'<text x="{x + cell / 2:.1f}" y="{y + ROW / 2:.1f}" class="num" text-anchor="middle" '
                    f'dominant-baseline="central" fill="{ink}">{value}</text>'
                )
    return _svg(left + cell * len(columns), head + len(rows) * ROW + 4, title, "".join(parts))
