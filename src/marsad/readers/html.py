"""HTML pages → one Document: main text, title and date via trafilatura.

Related-links blocks are removed before extraction (elements whose class or id
names them, see ``data/readers_related.tsv``, and headings such as
"أخبار ذات صلة" with the list that follows), and "read also" lines that
survive extraction are dropped, so they never reach the article text.
Hostile pages are bounded: size (``max_html_bytes``) and element nesting depth
(``max_html_depth``, at most the parser's own limit) are checked before the parser
sees the page, and the tree it builds is checked again: libxml2 silently drops
everything below its depth limit, which would otherwise read as an empty page.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import lxml.etree
import lxml.html
import regex

from marsad.document import Document, Note
from marsad.readers.limits import DEFAULT_LIMITS, ReadLimits, too_large
from marsad.readers.outlet import origin_note, page_site
from marsad.readers.text import DecodeError, decode_bytes, document_from_text
from marsad.resources import read_tsv_dicts
from marsad.text.boilerplate import classify_line

_META_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{1,40})""", regex.I)
_TAG = regex.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>")
# Elements that never nest: void elements, and those whose end tag libxml2's HTML parser
# implies when the next one opens (measured: "<li>x" repeated builds siblings).  Elements
# HTML5 would also close but libxml2 nests (dd, dt, rb, rt, rp, thead, tfoot, optgroup,
# source, track, wbr, embed) count, because the check must measure the tree the parser builds.
_NO_DEPTH = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "p",
        "li",
        "tr",
        "td",
        "th",
        "option",
        "tbody",
        "colgroup",
    ]
)
# libxml2 (without XML_PARSE_HUGE) stops building the tree below this many levels and drops the rest.
PARSER_MAX_DEPTH = 255
_RELATED_KINDS = ("read_also",)
# Libraries trafilatura calls log their own failures; without a handler Python's last-resort
# handler would print them on stderr, breaking "one line per bad input" in the CLI.
for _library in ("readability", "justext", "courlan", "htmldate", "trafilatura"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
# Characters XML (and so lxml) refuses in text; pages do contain them (found by fuzzing).
_XML_INCOMPATIBLE = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\p{Cs}]")


@lru_cache(maxsize=1)
def _related_class() -> regex.Pattern[str]:
    tokens = sorted(
        (row["token"].lower() for row in read_tsv_dicts("readers_related.tsv")), key=len, reverse=True
    )
    alternatives = "|".join(regex.escape(t) for t in tokens)
    return regex.compile(rf"(?:^|[\s_-])(?:{alternatives})(?:$|[\s_-])", regex.I)


def html_nesting_depth(html: str, stop_at: int) -> int:
    """Element nesting depth as the parser builds it (stops counting once ``stop_at`` is passed).

    An end tag closes the innermost open element of its name and everything opened
    inside it; an end tag with no open element of its name (``<div></b>``) closes
    nothing, as in the parser.
    """
    stack: list[str] = []
    open_count: dict[str, int] = {}
    deepest = 0
    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if name in _NO_DEPTH or match.group(3):
            continue
        if match.group(1):
            if open_count.get(name):
                while stack:  # amortised O(1): every element is popped at most once
                    closed = stack.pop()
                    open_count[closed] -= 1
                    if closed == name:
                        break
        else:
            stack.append(name)
            open_count[name] = open_count.get(name, 0) + 1
            if len(stack) > deepest:
                deepest = len(stack)
                if deepest > stop_at:
                    break
    return deepest


def _tree_depth(tree: lxml.html.HtmlElement) -> int:
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, list[Note]]:
    """Text of an HTML page: HTTP/meta charset when declared, else the plain-text detection."""
    charset = declared
    if charset is None:
        match = _META_CHARSET.search(data[:8192])
        charset = match.group(1).decode("ascii").lower() if match else None
    if charset:
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back to detection
        else:
            notes = (
                []
                if charset.replace("_", "-") in ("utf-8", "utf8")
                else [Note("encoding", f"decoded as {charset} (declared)")]
            )
            if text.strip():
                return text, notes
    return decode_bytes(data)


def _remove_related_blocks(tree: lxml.html.HtmlElement) -> int:
    removed = 0
    pattern = _related_class()
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if names.strip() and pattern.search(names):
            element.drop_tree()
            removed += 1
            continue
        if (
            element.tag in ("h2", "h3", "h4", "h5", "h6", "strong", "b")
            and classify_line(element.text_content().strip()) in _RELATED_KINDS
        ):
            following = element.getnext()
            if following is not None and following.tag in ("ul", "ol", "div"):
                following.drop_tree()
            element.drop_tree()
            removed += 1
    return removed


def _drop_read_also_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if classify_line(line) not in _RELATED_KINDS)


def document_from_html(
    data: bytes | str,
    *,
    source: str,
    published: str | None,
    url: str | None = None,
    charset: str | None = None,
    fallback_published: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    source_from_page: bool = False,
    origin: str | None = None,
    read_site: str | None = None,
) -> Document:
    """The article in an HTML page, or DecodeError with the reason there is none.

    The date is ``published`` when given, else the page's own, else ``fallback_published``.
    With ``source_from_page`` (every page: read from a file, a WARC record, a URL or a feed entry's
    link) the outlet is :func:`~marsad.readers.outlet.page_site` of the page, ``url`` and
    ``read_site``; when that is not ``source`` (a file's path, or the site of the URL fetched), where
    it was read (``origin``, else ``source``) stays as an ``origin`` note.
    """
    size = len(data)
    if size > limits.max_html_bytes:
        raise DecodeError(
            too_large(
                "HTML page", size, limits.max_html_bytes, "bytes" if isinstance(data, bytes) else "characters"
            )
        )
    html, notes = decode_html(data, charset) if isinstance(data, bytes) else (data, [])
    if not html.strip():
        raise DecodeError("empty file")
    max_depth = min(limits.max_html_depth, PARSER_MAX_DEPTH)
    too_deep = f"HTML nested too deeply: more than {max_depth} levels"
    if html_nesting_depth(html, max_depth) > max_depth:
        raise DecodeError(too_deep)
    html = _XML_INCOMPATIBLE.sub(" ", html)
    import trafilatura  # heavy (~1 s): only once a page passed the cheap checks

    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        tree = lxml.html.fromstring(html.encode("utf-8", "replace"), parser=parser)
        if _tree_depth(tree) > max_depth:  # the parser's depth limit was hit: the page is cut short
            raise DecodeError(too_deep)
        declared_site = page_site(tree, url, read_site=read_site) if source_from_page else None
        _remove_related_blocks(tree)
        extracted = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
            # No free-text date guessing: it loads every dateparser locale (~25 s once, then ~50 ms a
            # page) and the times stage resolves dates in the text anyway.  Markup dates still count.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except DecodeError:
        raise
    except Exception as exc:
        # lxml and trafilatura/htmldate raise many types on malformed pages (fuzzing found
        # ValueError for control characters and an AssertionError inside htmldate for
        # "</div><body><script>"); any of them means this page has no extractable article.
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DecodeError(f"HTML could not be parsed: {detail[:200]}") from None
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or not body.strip():
        raise DecodeError("no article text found in the HTML")
    text = _drop_read_also_lines(body)
    title = getattr(extracted, "title", None) or None
    page_date = getattr(extracted, "date", None) or None
    if declared_site is not None and declared_site != source:
        notes.append(origin_note(origin or source))
        source = declared_site
    return document_from_text(
        text,
        source=source,
        published=published or (page_date[:10] if isinstance(page_date, str) else None) or fallback_published,
        url=url or getattr(extracted, "url", None) or None,
        title=title,
        detect_title=False,
        notes=notes,
        limits=limits,
    )
