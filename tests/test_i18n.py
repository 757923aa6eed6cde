"""zxparse speaks Chinese under a Chinese locale and English otherwise: the catalog holds every message
in both and its .mo is compiled from its .po; under LANG=zh_CN.UTF-8 no English word reaches a person
on the command line, the review page or the corpus report, apart from codes shown as codes."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess

import pytest
from conftest import ROOT, SAMPLES
from lxml import html as lxml_html
from test_cli import ZXPARSE

from zhengxie_parse.i18n import chosen

SAMPLE = SAMPLES / "chongchuan_2021_consultation_plan.txt"

# What may stay in Latin letters in Chinese output: the names of commands, formats, programs and
# variables a person types or installs, and codes.
_KEPT = {
    "zxparse",
    "extract",
    "batch",
    "validate",
    "show",
    "view",
    "schema",
    "stages",
    "json",
    "jsonl",
    "yaml",
    "csv",
    "xlsx",
    "docx",
    "doc",
    "pdf",
    "txt",
    "html",
    "sqlite",
    "db",
    "JSON",
    "YAML",
    "Lines",
    "Schema",
    "HTML",
    "PDF",
    "OCR",
    "Word",
    "LibreOffice",
    "UTF",
    "Ctrl",
    "SIGTERM",
    "LANG",
    "ZXPARSE_LANG",
    "bash",
    "zsh",
    "fish",
    "Tab",
    "all",
    "zh",
    "en",
    "N",
    "jq",
    "meta",
    "diff",
    "organization",
    "rapidfuzz",
    "pyarrow",
    "Parquet",
    "SQLite",
    "journal",
    "zhengxie",
    "parse",
    "parquet",
    "plan",
    "plans",
    "tasks",
    "corpus",
    "out",
    "index",
    "review",
    "stdin",
    "utf",
}


def _english(text: str) -> list[str]:
    """The words of `text` a Chinese reader would not expect: Latin words that are no option, path,
    file name, code (with an underscore or a digit) or one of the names kept."""
    words = []
    for token in re.findall(r"[-./\w*|]+", text):
        if token.startswith("-") or re.search(r"[./\\_\d*|]", token) or not re.search(r"[A-Za-z]{2,}", token):
            continue
        words += [w for w in re.findall(r"[A-Za-z]+", token) if w not in _KEPT and len(w) > 1]
    return words


def _zh(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    more = env or {}
    env = {k: v for k, v in os.environ.items() if k not in ("ZXPARSE_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env |= {"LANG": "zh_CN.UTF-8", "COLUMNS": "100", **more}
    env.pop("DISPLAY", None)
    return subprocess.run([ZXPARSE, *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd, check=False)


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        ([], {"LANG": "zh_CN.UTF-8"}, "zh"),
        ([], {"LANG": "C"}, "en"),
        ([], {}, "en"),
        ([], {"LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),  # LC_ALL wins, as gettext reads them
        ([], {"LANG": "C", "ZXPARSE_LANG": "zh"}, "zh"),
        (["--lang", "en", "show", "x"], {"ZXPARSE_LANG": "zh", "LANG": "zh_CN.UTF-8"}, "en"),
        (["--lang=zh", "show"], {"LANG": "C"}, "zh"),
    ],
)
def test_language_chosen(argv, environ, expected):
    assert chosen(argv, environ) == expected


def _catalog_script():
    pytest.importorskip("babel")
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalog_in_step_with_the_code():
    """Every message has its Chinese, none is kept for nothing, and the .mo is the .po compiled
    (`python scripts/i18n.py update`, translate, `python scripts/i18n.py compile`)."""
    assert _catalog_script().problems() == []


@pytest.mark.parametrize("command", ["", "extract", "batch", "validate", "show", "view", "schema", "diff"])
def test_help_in_chinese_under_a_chinese_locale(command):
    r = _zh(*([command] if command else []), "-h")
    assert r.returncode == 0 and "用法：" in r.stdout and "选项" in r.stdout
    assert _english(r.stdout) == [], r.stdout


def test_help_in_english_under_lang_c():
    env = {**os.environ, "LANG": "C"}
    env.pop("ZXPARSE_LANG")
    r = subprocess.run([ZXPARSE, "extract", "-h"], capture_output=True, text=True, env=env, check=False)
    assert "Usage:" in r.stdout and "Options" in r.stdout and "用法" not in r.stdout


def test_lang_option_overrides_the_locale():
    r = _zh("--lang", "en", "show", "/no/such/plan.txt")
    assert r.stderr == "zxparse: /no/such/plan.txt: no such file\n"


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["show", "/no/such/plan.txt"], 3, "zxparse: /no/such/plan.txt: 没有这个文件"),
        (["extract"], 2, "缺少参数 文件..."),
        (["extract", "--bogus", "x"], 2, "没有这个选项：--bogus"),
        (["batch", "x"], 2, "缺少选项 --output/-o"),
        ([], 2, "用法：zxparse"),
    ],
)
def test_errors_in_chinese_keep_file_and_exit_code(args, code, said):
    r = _zh(*args)
    assert r.returncode == code and said in r.stderr and not r.stdout
    assert _english(r.stderr) == [], r.stderr


def test_commands_speak_chinese(tmp_path):
    """show, extract to a file, batch with tables and report, view to a file: what a person reads on
    the terminal and on the pages has no English word."""
    shown = _zh("show", SAMPLE)
    assert shown.returncode == 0 and "承自标题" in shown.stdout
    wrote = _zh("extract", SAMPLE, "-o", tmp_path / "任务分解表.xlsx")
    assert wrote.stderr.strip() == f"已写入 {tmp_path / '任务分解表.xlsx'}（12 条）"
    plans = tmp_path / "plans"
    plans.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, plans)
    batch = _zh("batch", plans, "-o", tmp_path / "out", "--table", tmp_path / "corpus.xlsx", "--report", "-j", "1")
    assert batch.returncode == 0 and "数据表：" in batch.stderr
    page = _zh("view", SAMPLES / "district_20xx_work_points_web.txt", "-o", tmp_path / "page.html")
    assert page.returncode == 0
    for text in (shown.stdout, batch.stderr, page.stderr):
        assert _english(text) == [], text
    written = set(re.findall(r"[A-Za-z]+", "\n".join(p.read_text("utf-8") for p in SAMPLES.glob("*.txt"))))
    for path in [
        tmp_path / "page.html",
        tmp_path / "out" / "index.html",
        *(tmp_path / "out" / "review").glob("*.html"),
    ]:
        tree = lxml_html.fromstring(path.read_text("utf-8"))
        for hidden in tree.xpath("//script|//style|//*[@class='path']"):
            hidden.drop_tree()
        assert set(_english(tree.text_content())) - written == set(), path.name  # quoting a document is no English


def _broken_plan(tmp_path):
    """The golden plan with a schema error of each common type and a few semantic ones."""
    from test_validate import PLAN

    plan = json.loads(json.dumps(PLAN))
    del plan["meta"]["doc_kind"]
    plan["extra"] = 1
    plan["items"][0]["id"] = 5
    plan["outline"][0]["level"] = "3"
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    plan = json.loads(json.dumps(PLAN))
    plan["items"][0]["node_id"] = "9.9"
    plan["items"][1]["id"] = plan["items"][2]["id"]
    plan["outline"][0]["level"] = 3
    plan["items"][0]["topic_type_zh"] = "某"
    semantic = tmp_path / "semantic.json"
    semantic.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return schema, semantic


def test_validate_speaks_chinese(tmp_path):
    """validate's problems, pydantic's and its own, read in Chinese under zh (the JSON path as is) and
    as pydantic words them under en."""
    schema, semantic = _broken_plan(tmp_path)
    r = _zh("validate", schema, semantic)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    for expected in (
        f"{schema}: meta.doc_kind: 缺少必填字段",
        f"{schema}: extra: 不允许有多余的字段",
        f"{schema}: items[0].id: 应为字符串",
        f"{schema}: outline[0].level: 应为整数",
        f"{semantic}: items[0].node_id: 提纲中没有节点“9.9”",
        f"{semantic}: outline[0].level: 层级 3 位于第 1 层",
    ):
        assert expected in lines, r.stdout
    for line in lines + r.stderr.splitlines():
        assert _english(line.rpartition(": ")[2]) == [], line
    en = _zh("--lang", "en", "validate", schema)
    assert f"{schema}: meta.doc_kind: Field required" in en.stdout.splitlines()


def test_reasons_with_values_speak_chinese(tmp_path):
    """The reasons a user meets that quote a value (a limit, a folder, an output that cannot be
    written, a lexicon or plan file that does not load) read in Chinese, the file and exit code kept."""
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>政协工作要点内容很长很长</p></body></html>", encoding="utf-8")
    limits = tmp_path / "limits.yaml"
    limits.write_text("html_text_chars: 5\n", encoding="utf-8")
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("bogus: 1\n", encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    junk = tmp_path / "junk.yaml"
    junk.write_text("items: [unclosed\n", encoding="utf-8")
    env = {"ZXPARSE_LIMITS": str(limits)}
    cases = [
        (["show", page], 5, f"{page}: 超过上限 html_text_chars（5）：有一段文字长达 12 个字符"),
        (["show", tmp_path], 3, f"{tmp_path}: 这是文件夹，不是文档"),
        (["extract", SAMPLE, "-o", tmp_path / "file" / "plan.json"], 73, f"{tmp_path / 'file'}: 是文件，不是文件夹"),
        (["extract", "--lexicon", lexicon, SAMPLE], 6, f"{lexicon}: 未知的分节 ['bogus']；应为 ["),
        (["show", junk], 5, f"{junk}: 不是有效的 YAML（第 2 行）"),
    ]
    for args, code, said in cases:
        r = _zh(*args, env=env)
        assert r.returncode == code and said in r.stderr, r.stderr
