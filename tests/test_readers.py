"""Tests for kg.readers: every input is built in tmp_path; no model needed."""

from __future__ import annotations

import doctest
import json
import os
import random
import zipfile
from pathlib import Path

import pytest

import kg.readers
from kg.model import Article, Skip
from kg.readers import article_id, read_inputs

BODY = (
    "Ukraine appears to have won the battle of Kharkiv, military analysts said.\n\n"
    "The pullback comes after weeks of intense shelling targeting the city."
)
PAGE = """<!DOCTYPE html>
<html><head>
<title>Kharkiv battle ends</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2022-05-15T10:30:00">
<link rel="canonical" href="https://example.com/kharkiv">
<style>body { color: red; } .STYLECONTENT { }</style>
<script>var secret = "SCRIPTCONTENT";</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<article>
<h1>Kharkiv battle ends</h1>
<p>Ukraine appears to have won the battle of Kharkiv, military analysts said over the
weekend as Russian troops pulled back from the country's second-largest city.</p>
<p>The pullback comes after weeks of intense shelling targeting the city, which is near
the Russian border, the Institute for the Study of War said on Sunday.</p>
</article>
<script>document.write("SCRIPT2CONTENT");</script>
</body></html>
"""


def read(*paths):
    return list(read_inputs(paths))


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def skips(items):
    return [i for i in items if isinstance(i, Skip)]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# ------------------------------------------------------------------ txt


def test_txt_seed_format_splits_headline_and_body(tmp_path):
    f = write(tmp_path / "a.txt", "Kharkiv battle ends\n\n" + BODY + "\n\n")
    [art] = read(f)
    assert art.headline == "Kharkiv battle ends"
    assert art.text == "Kharkiv battle ends\n\n" + BODY
    assert art.format == "txt" and art.encoding == "utf-8"
    assert art.source == str(f)
    assert art.id == article_id(art.text) and len(art.id) == 16


def test_txt_normalises_newlines_nfc_and_inserts_blank_line(tmp_path):
    # CRLF, a lone CR, a decomposed "é" (e + U+0301), leading blank lines,
    # and a headline followed by only one newline.
    raw = "\r\n\r\n  Cafe\u0301 reopens  \r\nFirst line.\rSecond line.\r\n"
    [art] = read(write(tmp_path / "b.txt", raw))
    assert art.headline == "Caf\u00e9 reopens"
    assert art.text == "Caf\u00e9 reopens\n\nFirst line.\nSecond line."
    assert "\r" not in art.text


def test_txt_headline_only(tmp_path):
    [art] = read(write(tmp_path / "h.txt", "Just a headline\n"))
    assert art.text == art.headline == "Just a headline"


def test_real_seed_files_read_with_headline_first(tmp_path):
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    if not seeds.is_dir():
        pytest.skip("no seeds folder")
    items = read(seeds)
    assert items and all(isinstance(i, Article) for i in items)
    for art in items:
        first_line = Path(art.source).read_text(encoding="utf-8").split("\n", 1)[0].strip()
        assert art.headline == first_line
        assert art.text.startswith(art.headline + "\n\n")


# ----------------------------------------------------------------- json


def test_json_object(tmp_path):
    record = {
        "title": "Kharkiv battle ends",
        "body": BODY,
        "url": "https://example.com/k",
        "published": "May 15, 2022",
        "outlet": "The Daily",
        "id": "abc-1",
    }
    [art] = read(write(tmp_path / "one.json", json.dumps(record)))
    assert art.text == "Kharkiv battle ends\n\n" + BODY
    assert art.headline == "Kharkiv battle ends"
    assert (art.url, art.published, art.outlet, art.external_id) == (
        "https://example.com/k",
        "2022-05-15",
        "The Daily",
        "abc-1",
    )
    assert art.format == "json"


def test_json_list_with_bad_record(tmp_path):
    records = [
        {"title": "First", "text": "Body one."},
        {"title": "No text here"},
        {"text": "Body three without a title.", "date": "2022-05-16T08:00:00", "source": "Wire"},
        "not an object",
    ]
    f = write(tmp_path / "many.json", json.dumps(records))
    items = read(f)
    assert [a.text for a in articles(items)] == ["First\n\nBody one.", "Body three without a title."]
    third = articles(items)[1]
    assert third.headline == "Body three without a title."
    assert third.published == "2022-05-16T08:00:00" and third.outlet == "Wire"
    bad = skips(items)
    assert [s.source for s in bad] == [f"{f}#1", f"{f}#3"]
    assert "no 'text' or 'body' string" in bad[0].reason
    assert "not an object" in bad[1].reason


def test_malformed_json_file(tmp_path):
    f = write(tmp_path / "broken.json", '{"title": "x", "text": ')
    [skip] = read(f)
    assert skip.source == str(f) and skip.reason.startswith("malformed JSON: ")


def test_jsonl_malformed_and_textless_lines_are_skipped(tmp_path):
    lines = [
        json.dumps({"title": "One", "text": "First body."}),
        "",
        '{"title": "Two", "text": "broken',
        json.dumps({"title": "Three", "text": ""}),
        json.dumps({"title": "Four", "body": "Fourth body."}),
    ]
    f = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = read(f)
    assert [a.headline for a in articles(items)] == ["One", "Four"]
    assert all(a.format == "jsonl" for a in articles(items))
    bad = skips(items)
    assert [s.source for s in bad] == [f"{f}:3", f"{f}:4"]
    assert bad[0].reason.startswith("malformed JSON: ")
    assert bad[1].reason == "JSON record has no 'text' or 'body' string"


def test_json_wrong_field_types_are_ignored_not_fatal(tmp_path):
    lines = [
        json.dumps(
            {
                "title": 42,
                "text": "Body with numeric title.",
                "url": ["a", "b"],
                "published": 20220515,
                "outlet": {"name": "x"},
                "id": 7,
            }
        ),
        json.dumps({"title": "Fine", "text": ["not", "a", "string"]}),
        json.dumps({"title": "Bool id", "text": "Another body.", "id": True, "date": None}),
    ]
    items = read(write(tmp_path / "types.jsonl", "\n".join(lines)))
    first, third = articles(items)
    assert first.text == "Body with numeric title." and first.headline == first.text
    assert (first.url, first.published, first.outlet) == (None, None, None)
    assert first.external_id == "7"  # integer ids are common enough to keep
    assert third.external_id is None and third.published is None
    [skip] = skips(items)
    assert skip.source.endswith(":2") and "no 'text' or 'body'" in skip.reason


def test_relative_and_garbage_dates_are_dropped():
    assert kg.readers.normalize_date("yesterday") is None
    assert kg.readers.normalize_date("3 days ago") is None
    assert kg.readers.normalize_date("soon") is None
    assert kg.readers.normalize_date("15 May 2022") == "2022-05-15"
    assert kg.readers.normalize_date("2022-05-15T10:30:00+02:00") == "2022-05-15T10:30:00+02:00"


# ----------------------------------------------------------------- html


def test_html_main_text_without_script_or_style(tmp_path):
    [art] = read(write(tmp_path / "page.html", PAGE))
    assert art.format == "html"
    assert art.headline == "Kharkiv battle ends"
    assert art.text.startswith("Kharkiv battle ends\n\nUkraine appears to have won")
    assert art.text.count("Kharkiv battle ends") == 1  # the <h1> is not repeated
    assert "Institute for the Study of War" in art.text
    for junk in ("SCRIPTCONTENT", "SCRIPT2CONTENT", "STYLECONTENT", "color: red", "<p>"):
        assert junk not in art.text
    assert art.url == "https://example.com/kharkiv"
    assert art.outlet == "The Daily Example"
    assert art.published is not None and art.published.startswith("2022-05-15")


def test_html_without_article_text_is_skipped(tmp_path):
    f = write(tmp_path / "empty.htm", "<html><head><script>var x = 1;</script></head><body></body></html>")
    assert read(f) == [Skip(str(f), "no article text found in HTML")]


# ----------------------------------------------------------- duplicates


def test_duplicate_under_another_name_is_skipped(tmp_path):
    first = write(tmp_path / "a.txt", "Kharkiv battle ends\n\n" + BODY)
    # Same article, different whitespace, case and format: still the same identity.
    second = write(
        tmp_path / "b.json", json.dumps({"title": "KHARKIV battle ends", "text": BODY.replace("\n\n", " ")})
    )
    items = read(first, second)
    assert isinstance(items[0], Article)
    assert items[1] == Skip(str(second), f"duplicate of {first} (same text)")


def test_duplicate_inside_jsonl_names_first_record(tmp_path):
    line = json.dumps({"title": "T", "text": "Same body."})
    f = write(tmp_path / "d.jsonl", f"{line}\n{line}\n")
    items = read(f)
    assert len(articles(items)) == 1
    assert items[1] == Skip(f"{f}:2", f"duplicate of {f}:1 (same text)")


# ------------------------------------------------------- empty / binary


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf\n"])
def test_empty_and_whitespace_files(tmp_path, content):
    f = write(tmp_path / "e.txt", content)
    assert read(f) == [Skip(str(f), "empty file")]


def test_png_like_binary_is_skipped(tmp_path):
    rng = random.Random(1234)
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(4096))
    f = write(tmp_path / "image.txt", data)
    assert read(f) == [Skip(str(f), "binary file (not text)")]


def test_random_bytes_without_nul_are_binary(tmp_path):
    rng = random.Random(99)
    data = bytes(rng.randrange(1, 256) for _ in range(4096))
    f = write(tmp_path / "noise.txt", data)
    assert read(f) == [Skip(str(f), "binary file (not text)")]


def test_a_few_nul_bytes_make_a_file_binary(tmp_path):
    f = write(tmp_path / "nul.txt", b"Headline\n\n" + b"Plain ASCII body text. " * 50 + b"\x00")
    assert read(f) == [Skip(str(f), "binary file (not text)")]


def test_many_control_characters_make_a_file_binary(tmp_path):
    # Valid UTF-8 without NUL bytes, but mostly control characters.
    f = write(tmp_path / "ctl.txt", b"Headline\n\n" + b"\x01\x02\x03\x1b abc" * 40)
    assert read(f) == [Skip(str(f), "binary file (not text)")]


def test_zip_is_skipped_as_binary(tmp_path):
    f = tmp_path / "archive.json"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("inner.txt", "Headline\n\nBody text of the zipped article.")
    assert read(f) == [Skip(str(f), "binary file (not text)")]


# ------------------------------------------------------------ encodings


def test_cp1252_text_is_decoded_and_encoding_recorded(tmp_path):
    raw = (
        b"Caf\xe9 d\xe9j\xe0 vu \x93quoted\x94\n\nThe caf\xe9 on the corner reopened on Monday, "
        b"and the owner said the d\xe9cor was \x93exactly as before\x94."
    )
    [art] = read(write(tmp_path / "latin.txt", raw))
    assert art.encoding == "cp1252"
    assert art.headline == "Caf\u00e9 d\u00e9j\u00e0 vu \u201cquoted\u201d"
    assert "d\u00e9cor was \u201cexactly as before\u201d." in art.text


def test_utf16_with_bom(tmp_path):
    text = "Kyiv \u2014 \u041a\u0438\u0457\u0432\n\nA body with non-ASCII: \u00e9\u00e8 \u201cquotes\u201d."
    for name, data in [
        ("le.txt", text.encode("utf-16")),  # native order + BOM
        ("be.txt", b"\xfe\xff" + text.encode("utf-16-be")),
    ]:
        [art] = read(write(tmp_path / name, data))
        assert art.encoding == "utf-16"
        assert art.text == text and "\ufeff" not in art.text


def test_utf8_bom_is_stripped(tmp_path):
    [art] = read(write(tmp_path / "bom.txt", b"\xef\xbb\xbfHeadline\n\nBody."))
    assert art.headline == "Headline" and art.encoding == "utf-8"


# ------------------------------------------------------- paths & walking


def test_unknown_extension_and_missing_path(tmp_path):
    pdf = write(tmp_path / "report.pdf", b"%PDF-1.4")
    missing = tmp_path / "nope.txt"
    assert read(pdf, missing) == [
        Skip(str(pdf), "unsupported file type '.pdf' (kg reads .htm, .html, .json, .jsonl, .txt)"),
        Skip(str(missing), "no such file or directory"),
    ]


def test_folder_recursion_sorted_and_hidden_ignored(tmp_path):
    write(tmp_path / "b.txt", "B headline\n\nB body.")
    write(tmp_path / "a" / "z.txt", "AZ headline\n\nAZ body.")
    write(tmp_path / "a" / "deeper" / "x.jsonl", json.dumps({"title": "X", "text": "X body."}))
    write(tmp_path / ".hidden.txt", "Hidden\n\nShould not be read.")
    write(tmp_path / ".git" / "c.txt", "Hidden dir\n\nShould not be read.")
    items = read(tmp_path)
    assert [a.headline for a in items] == ["X", "AZ headline", "B headline"]
    assert items[0].source == os.path.join(str(tmp_path), "a", "deeper", "x.jsonl")
    # The same call is deterministic.
    assert read(tmp_path) == items


def test_names_with_spaces_and_non_ascii(tmp_path):
    f = write(tmp_path / "dossier spécial" / "Киев новости 1.txt", "Заголовок\n\nТекст статьи.")
    [art] = read(tmp_path)
    assert art.source == str(f)
    assert art.headline == "Заголовок" and art.text == "Заголовок\n\nТекст статьи."


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loop_terminates(tmp_path):
    write(tmp_path / "root" / "sub" / "a.txt", "Looped\n\nBody of the looped article.")
    os.symlink(tmp_path / "root", tmp_path / "root" / "sub" / "up")  # sub/up -> root
    items = read(tmp_path / "root")
    assert [a.headline for a in articles(items)] == ["Looped"]
    assert skips(items) == []


def test_permission_error_is_skipped_even_as_root(tmp_path, monkeypatch):
    real_open = open

    def guarded_open(file, *args, **kwargs):
        if str(file).endswith("a.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(kg.readers, "open", guarded_open, raising=False)
    write(tmp_path / "a.txt", "Locked\n\nBody.")
    write(tmp_path / "b.txt", "Open\n\nBody.")
    items = read(tmp_path)
    assert items[0] == Skip(str(tmp_path / "a.txt"), "cannot read file: permission denied")
    assert items[1].headline == "Open"


def test_unexpected_error_in_reader_becomes_skip(tmp_path, monkeypatch):
    def boom(source, raw, encoding):
        raise RuntimeError("kaboom")
        yield  # pragma: no cover

    monkeypatch.setitem(kg.readers.READERS, ".txt", boom)
    write(tmp_path / "a.txt", "A\n\nBody.")
    write(tmp_path / "b.json", json.dumps({"text": "Still read."}))
    items = read(tmp_path)
    assert items[0] == Skip(str(tmp_path / "a.txt"), "cannot read file: RuntimeError: kaboom")
    assert items[1].text == "Still read."


def test_doctests():
    result = doctest.testmod(kg.readers)
    assert result.attempted >= 3 and result.failed == 0
