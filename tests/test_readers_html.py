"""HTML reading: article text only (no related links, "read also", scripts), title and date, bounds."""

from __future__ import annotations

import time
from pathlib import Path

from marsad.readers import ReadLimits
from marsad.readers.html import html_nesting_depth
from readers_helpers import FIXTURES, read_all

PAGE = FIXTURES / "article-related.html"


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
    assert failure.reason == "HTML nested too deeply: more than 500 levels"


def test_depth_ignores_unclosed_paragraphs_and_void_elements() -> None:
    sloppy = "<html><body>" + "<p>فقرة<br><img src=x>" * 2000 + "</body></html>"
    assert html_nesting_depth(sloppy, 500) == 2


def test_oversized_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b"<html><body><p>" + "كلمة ".encode() * 2000 + b"</p></body></html>")
    _, [failure] = read_all(path, limits=ReadLimits(max_html_bytes=5_000))
    assert failure.reason.startswith("HTML page too large: ") and failure.reason.endswith("> 5,000 limit (not read)")
