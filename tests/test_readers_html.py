"""HTML reading: article text only (no related links, "read also", scripts), title and date, bounds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from marsad.readers import ReadLimits
from marsad.readers.html import html_nesting_depth
from readers_helpers import BODY, FIXTURES, read_all

PAGE = FIXTURES / "article-related.html"
ARTICLE_TEXT = BODY.replace("\n", " ") * 3


def test_article_text_title_and_date() -> None:
    [doc], failures = read_all(PAGE)
    assert failures == []
    assert doc.title == "انقطاع المياه عن أحياء في مدينة حمص"
    assert doc.published == "2024-03-05"
    assert "أعلنت مؤسسة المياه في مدينة حمص" in doc.text
    assert "صهاريج ستجول على الأحياء المتضررة" in doc.text


def test_related_blocks_read_also_lines_and_scripts_are_not_article_text() -> None:
    [doc], _ = read_all(PAGE)
    for unwanted in (
        "إقرأ أيضاً",
        "ارتفاع أسعار الخبز",  # the inline "read also" link
        "أخبار ذات صلة",
        "عودة الكهرباء إلى ريف حلب",  # class="related-news" block
        "مواضيع ذات صلة",
        "تأجيل الامتحانات",  # list after a "related topics" heading
        "نص برمجي",  # <script> in head and in the article
        "الأكثر قراءة",
        "جميع الحقوق محفوظة",
    ):
        assert unwanted not in doc.text, unwanted


def test_explicit_published_wins_over_page_date() -> None:
    [doc], _ = read_all(PAGE, published="2024-03-06")
    assert doc.published == "2024-03-06"


def test_windows_1256_page_with_meta_charset(tmp_path: Path) -> None:
    html = PAGE.read_text("utf-8").replace('<meta charset="utf-8">', '<meta charset="windows-1256">')
    path = tmp_path / "page.htm"
    path.write_bytes(html.replace("©", "(c)").encode("cp1256"))
    [doc], _ = read_all(path)
    assert "أعلنت مؤسسة المياه" in doc.text
    assert [n.message for n in doc.notes] == ["decoded as windows-1256 (declared)"]


def test_html_without_body_or_text(tmp_path: Path) -> None:
    bodiless = tmp_path / "bodiless.html"
    bodiless.write_text("<html><head><title>عنوان فقط</title></head></html>", "utf-8")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    docs, failures = read_all(bodiless, empty)
    assert docs == []
    assert [f.reason for f in failures] == ["no article text found in the HTML", "empty file"]


def test_ten_thousand_deep_nesting_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 10_000 + "<p>نص</p>" + "</div>" * 10_000 + "</body></html>", "utf-8")
    started = time.perf_counter()
    _, [failure] = read_all(path)
    assert time.perf_counter() - started < 5
    assert failure.reason == "HTML nested too deeply: more than 255 levels"


@pytest.mark.parametrize(
    "nesting",
    ["<div></b>" * 1_000, "<rt>" * 1_000, "<dd>x" * 1_000, "<div>" * 300, "<ul><li>" * 200],
    # The last one passes the cheap pre-check (it counts only the lists) and is caught in the built tree.
    ids=["stray-end-tags", "ruby-text", "definitions", "past-parser-limit", "nested-lists"],
)
def test_nesting_the_parser_would_cut_short_is_refused_as_too_deep(tmp_path: Path, nesting: str) -> None:
    # libxml2 stops at 255 levels and drops the rest: the article below must not vanish
    # into a misleading "no article text found".
    path = tmp_path / "deep.html"
    path.write_text(f"<html><body>{nesting}<p>{ARTICLE_TEXT}</p></body></html>", "utf-8")
    _, [failure] = read_all(path)
    assert failure.reason == "HTML nested too deeply: more than 255 levels"


def test_depth_counts_what_the_parser_builds() -> None:
    assert html_nesting_depth("<html><body>" + "<div></b>" * 40, 500) == 42  # stray end tags close nothing
    assert html_nesting_depth("<div><span><b>" + "</div>" + "<i>" * 3, 500) == 3  # </div> closes what it holds
    assert html_nesting_depth("<ul>" + "<li>x" * 40 + "</ul>", 500) == 1


def test_page_nested_within_the_parser_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text(
        "<html><body>" + "<div>" * 200 + f"<p>{ARTICLE_TEXT}</p>" + "</div>" * 200 + "</body></html>", "utf-8"
    )
    [doc], failures = read_all(path)
    assert failures == [] and "معرض" in doc.text


def test_depth_ignores_unclosed_paragraphs_and_void_elements() -> None:
    sloppy = "<html><body>" + "<p>فقرة<br><img src=x>" * 2000 + "</body></html>"
    assert html_nesting_depth(sloppy, 500) == 2


def test_oversized_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<html><body><p>" + "كلمة ".encode() * 2000 + b"</p></body></html>")
    _, [failure] = read_all(path, limits=ReadLimits(max_html_bytes=5_000))
    assert failure.reason.startswith("HTML page too large: ") and failure.reason.endswith("> 5,000 limit (not read)")
