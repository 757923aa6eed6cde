"""The office's task sheet (任务分解表): a row per plan item with what a CPPCC office tracks — the
stable 事项编号 progress reports refer to, the part of the plan it belongs to, its number as written,
the task and its own text, its type, the leading leader and unit, the assisting units and the
government departments consulted (apart), the deadline, empty columns for progress and remarks, and
where it is in the document as a person finds it. The columns are data (`data/task_sheet.yaml`).

Written as CSV and xlsx (export.py's writers, with `print_layout` for paper: a title row, borders,
wrapped columns, A4 landscape one page wide, the header on every page, page numbers) and as a Word
table (word_table.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from .chinese import split_names
from .export import Column, Table, text_width, where
from .lexicon import Lexicon, default_lexicon
from .models import Item, Plan, headings_of, node_places

TASK_SHEET = "任务分解表"  # the xlsx sheet's name
SECTION_SEPARATOR = " / "  # between the headings of 所属部分
# a printed line of 11-point text: rows are sized by their wrapped lines (nothing re-sizes them on opening)
LINE_POINTS = 14
QUOTED = 16  # characters of an item's line quoted in 来源 where a person cannot go to a line number
_BY_LINE = ("txt", "pdf")  # formats whose line numbers a person can find (an editor's, a PDF's page and line)


@dataclass(frozen=True)
class SheetColumn:
    name: str
    width: int  # the printed xlsx column, in characters
    wrap: bool = False
    word: float | None = None  # centimetres in the Word table; None: not in it


@cache
def layout() -> dict:
    """data/task_sheet.yaml: the columns, the title and the Word table's fonts and page."""
    import yaml

    return yaml.safe_load((resources.files("zhengxie_parse") / "data" / "task_sheet.yaml").read_text("utf-8"))


def sheet_columns(several: bool = False) -> list[SheetColumn]:
    spec = [layout()["file_column"]] if several else []
    return [SheetColumn(**column) for column in spec + layout()["columns"]]


def sheet_title(plans: list[Plan]) -> str:
    """《title》任务分解表 for one plan with a title; 任务分解表 otherwise."""
    suffix = layout()["title"]
    title = plans[0].meta.title if len(plans) == 1 else None
    return f"《{title}》{suffix}" if title else suffix


def found_at(item: Item, fmt: str) -> str:
    """Where an item is, as a person finds it: '第2页第5行' in a PDF, '第27行' in a text file; in a
    Word file or a web page, which show no such numbers, the place and the start of its line to
    search for: '第3段 “4．积极协商议政…”'."""
    place = where(item.source)
    if fmt in _BY_LINE:
        return place
    line = f"{item.label}{item.title}"
    return f"{place} “{line[:QUOTED]}{'…' if len(line) > QUOTED else ''}”"


def units(item: Item, lex: Lexicon) -> tuple[list[str], list[str]]:
    """(leading units, assisting units): the committees named by a lead field, the heading or the
    title, and apart from them those an assisting field names (配合单位, 协作委室)."""
    assisting = [
        name
        for label, value in item.fields.items()
        if lex.role_of(label) == "assist_unit"
        for name in split_names(value)
    ]
    leading = [c.name for c in item.committees if c.name not in assisting]
    return leading, assisting


def item_rows(plan: Plan, lex: Lexicon) -> list[tuple[list[str], dict[str, object]]]:
    """Each item's section (the headings above it, as written) and its row, by column name."""
    places = node_places(plan.outline)
    rows = []
    for n, item in enumerate(plan.items, start=1):
        section = [f"{node.label}{node.title}" for node in headings_of(item, places)]
        leading, assisting = units(item, lex)
        rows.append(
            (
                section,
                {
                    "文件": plan.source.path,
                    "事项编号": item.key or "",
                    "序号": n,
                    "所属部分": SECTION_SEPARATOR.join(section),
                    "原编号": item.label,
                    "议题/任务": item.title,
                    "工作内容": item.text,
                    "类别": item.topic_type_zh,
                    "牵头领导": "、".join(item.leaders),
                    "牵头单位": "、".join(leading),
                    "配合单位": "、".join(assisting),
                    "协商部门": "、".join(item.counterparts),
                    "完成时限": item.time.text if item.time else "",
                    "进展情况": "",
                    "备注": "",
                    "来源": found_at(item, plan.source.format),
                },
            )
        )
    return rows


def task_sheet(plans: list[Plan], several: bool, lex: Lexicon | None = None) -> Table:
    """The items of `plans` as one sheet titled for print, numbered per document; with `several`, a
    first column names each row's document."""
    lex = lex or default_lexicon()
    columns = sheet_columns(several)
    rows = [[row[c.name] for c in columns] for plan in plans for _, row in item_rows(plan, lex)]
    return Table(TASK_SHEET, [Column(c.name, c.name) for c in columns], rows, title=sheet_title(plans))


def print_layout(sheet, table: Table) -> None:
    """An openpyxl sheet of `task_sheet` made ready for paper: its title in a row above the header,
    thin borders, the columns of data/task_sheet.yaml at their widths with long text wrapped, A4
    landscape one page wide, the header repeated on every page, '第 x 页 共 y 页' at the foot."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    spec = {c.name: c for c in sheet_columns(several=True)}
    columns = [spec[c.name] for c in table.columns]
    last = get_column_letter(len(columns))
    sheet.insert_rows(1)
    sheet["A1"] = table.title
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(f"A1:{last}1")
    sheet.row_dimensions[1].height = 30
    thin = Side(style="thin")
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
        for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
            header = cell.row == 2
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(
                wrap_text=column.wrap or header,
                vertical="center" if header else "top",
                horizontal="center" if header else None,
            )
    for row in sheet.iter_rows(min_row=2):
        lines = max(_lines(cell.value, column.width) for cell, column in zip(row, columns, strict=True))
        sheet.row_dimensions[row[0].row].height = LINE_POINTS * lines
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last}{sheet.max_row}"
    sheet.print_title_rows = "2:2"
    setup = sheet.page_setup
    setup.paperSize, setup.orientation = sheet.PAPERSIZE_A4, "landscape"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4  # inches: the sheet is wide
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"


def _lines(value, width: int) -> int:
    """The lines `value` takes wrapped in a column `width` characters wide. Printed, Chinese glyphs
    come out wider than the two Latin widths a column is sized by, and a line breaks early rather
    than start with punctuation: a quarter more is counted (LibreOffice's A4 print, looked at)."""
    text = str(value if value is not None else "")
    return sum(max(1, -(-text_width(part) * 5 // (width * 4))) for part in text.split("\n"))
