"""The output-format registry (formats.py): every row names a writer that exists, and a name or a
suffix means one format for each thing zxparse writes."""

from importlib import import_module

import pytest

from zhengxie_parse.formats import DOCUMENT, FORMATS, TABLES, for_suffix, formats, named


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda fmt: f"{fmt.writes}:{fmt.name}")
def test_every_writer_exists(fmt):
    module, _, function = fmt.writer.rpartition(".")
    assert callable(getattr(import_module(f"zhengxie_parse.{module}"), function, None)), fmt.writer


@pytest.mark.parametrize("writes", [DOCUMENT, TABLES])
def test_names_and_suffixes_are_unique_in_what_is_written(writes):
    rows = formats(writes)
    assert len({fmt.name for fmt in rows}) == len(rows)
    every = [suffix for fmt in rows for suffix in fmt.suffixes]
    assert len(set(every)) == len(every)


@pytest.mark.parametrize(
    ("suffix", "writes", "expected"),
    [
        (".YML", DOCUMENT, "yaml"),
        (".xlsx", DOCUMENT, "xlsx"),
        (".db", TABLES, "sqlite"),
        (".csv", TABLES, "csv"),
        (".xls", DOCUMENT, None),  # the old Excel format: not written
        (".parquet", DOCUMENT, None),  # a research table, not a plan
    ],
)
def test_a_suffix_asks_for_a_format(suffix, writes, expected):
    found = for_suffix(suffix, writes)
    assert (found.name if found else None) == expected


def test_a_task_sheet_and_the_research_tables_share_a_name_not_a_writer():
    assert named("csv").writer != named("csv", TABLES).writer
    assert named("xlsx").binary and not named("json").binary
