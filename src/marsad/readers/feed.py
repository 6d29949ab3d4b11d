"""RSS and Atom feeds, from a file or a URL.

From a file, each entry's own content (or summary) is the document text.
An entry's outlet (``source``) is the site its link names (FeedBurner's ``origLink`` first), by
:func:`marsad.readers.outlet.link_site` as for pages and records: an AMP link names the site it
serves, a redirect host (``feedproxy.google.com``) none; the feed's own site (its ``link``) when the
entry's link names none or a host under the feed's site (``cdn.example.com`` in example.com's feed).
The feed and entry number stay as an ``origin`` note.
From a URL, each entry's page is fetched (through the safe :mod:`fetch`) and
read as HTML, its outlet the site the page declares (canonical link, ``og:url``) over the
entry's, as for the same page in a file or a WARC record; when the page cannot be had, the
entry's content is used and the failure noted.  Bounds: the feed's bytes (``max_feed_bytes``), entries taken
(``max_feed_entries``; the rest are reported in one failure), and no XML
entity declarations at all (refused before parsing: "billion laughs").
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Iterator
from typing import Any

import lxml.etree
import lxml.html
import regex

from marsad.document import Document, Note
from marsad.readers.base import ReadContext, ReadFailure, ReadItem, unexpected_failure
from marsad.readers.html import document_from_html
from marsad.readers.limits import too_large
from marsad.readers.outlet import choose_outlet, link_site, origin_note
from marsad.readers.text import DecodeError, document_from_text

_ENTITY_DECLARATION = regex.compile(rb"<!ENTITY", regex.I)
_ENTRY_START = regex.compile(rb"<(?:[A-Za-z0-9_-]+:)?(?:item|entry)[\s>/]", regex.I)
_FEED_ROOT = regex.compile(rb"<(?:[A-Za-z0-9_-]+:)?(?:rss|feed|RDF)\b")
# A character reference to a lone surrogate (&#xDFFF; or &#57343;): feedparser decodes it and
# then fails on the whole feed, so each becomes U+FFFD before parsing (one entry's damage).
_SURROGATE_REFERENCE = regex.compile(rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*5[5-7]\d{3});")
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr")


def looks_like_feed(head: bytes) -> bool:
    return bool(_FEED_ROOT.search(head[:4096]))


# Characters XML cannot hold: lxml's HTML parser lets them through but refuses them when the
# tree is edited, so they are blanked before parsing (they carry no text).
_XML_INCOMPATIBLE = regex.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def html_fragment_text(fragment: str) -> str:
    """Plain text of an entry's HTML content: block elements become line breaks."""
    if "<" not in fragment:
        return fragment.strip()
    fragment = _XML_INCOMPATIBLE.sub(" ", fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return str(regex.sub(r"<[^>]*>", " ", fragment)).strip()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    for content in contents:
        value = content.get("value") if hasattr(content, "get") else None
        if isinstance(value, str) and value.strip():
            return html_fragment_text(value)
    summary = entry.get("summary")
    return html_fragment_text(summary) if isinstance(summary, str) else ""


def read_feed(source: str, data: bytes, ctx: ReadContext, *, fetch_pages: bool) -> Iterator[ReadItem]:
    limits = ctx.limits
    if len(data) > limits.max_feed_bytes:
        yield ReadFailure(source, too_large("feed", len(data), limits.max_feed_bytes, "bytes"))
        return
    if _ENTITY_DECLARATION.search(data):
        yield ReadFailure(source, "feed declares XML entities: refused (entity-expansion risk)")
        return
    # Cut the XML before the entry past the cap, so feedparser never builds the rest
    # (it is lenient about the unclosed document that leaves).
    starts = _ENTRY_START.finditer(data)
    total = 0
    for match in starts:
        total += 1
        if total == limits.max_feed_entries + 1:
            data = data[: match.start()]
            total += sum(1 for _ in starts)
            break
    data = _SURROGATE_REFERENCE.sub(
        lambda m: b"&#xFFFD;" if _is_surrogate_reference(m.group()) else m.group(), data
    )
    import feedparser

    # A stream, never a string: feedparser would treat a string as a URL or file name to open.
    try:
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    except (ValueError, LookupError, RecursionError) as exc:
        # Found by fuzzing: damaged feeds make feedparser raise UnicodeDecodeError
        # (a ValueError) or "embedded null character" instead of setting ``bozo``.
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        yield ReadFailure(source, f"not a readable feed: {detail}")
        return
    entries = list(parsed.get("entries") or [])
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f": {str(problem).splitlines()[0][:200]}" if problem else ""
        yield ReadFailure(source, f"not a feed, or a feed without entries{detail}")
        return
    feed = parsed.get("feed") or {}
    feed_link = feed.get("link") if hasattr(feed, "get") else None
    feed_site = link_site(feed_link) if isinstance(feed_link, str) else None
    for number, entry in enumerate(entries[: limits.max_feed_entries], start=1):
        where = f"{source}#{number}"
        try:
            yield _entry_document(entry, where, ctx, fetch_pages, feed_site)
        except DecodeError as exc:
            yield ReadFailure(where, str(exc), key=entry_key(entry))
        except Exception as exc:  # one entry's surprise must not end the feed
            yield unexpected_failure(where, exc)
    if total > limits.max_feed_entries:
        yield ReadFailure(
            source, f"feed has {total:,} entries; read the first {limits.max_feed_entries:,} (entry limit)"
        )


def entry_key(entry: Any) -> str:
    """A digest of what a feed entry says (id, link, title, dates, summary and content): the same entry
    read again in a later copy of its feed, at any position, has the same key; a changed one another."""
    # The raw keys (dict.get): feedparser's own get maps a missing "updated" to "published", with a warning.
    raw = dict(entry) if isinstance(entry, dict) else {}
    parts: list[Any] = [raw.get(k) for k in ("id", "link", "title", "published", "updated", "summary")]
    parts.append([c.get("value") for c in raw.get("content") or [] if hasattr(c, "get")])
    blob = json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")
    return "feed-entry:" + hashlib.blake2b(blob, digest_size=16).hexdigest()


def _is_surrogate_reference(reference: bytes) -> bool:
    digits = reference[2:-1]
    code = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    return 0xD800 <= code <= 0xDFFF


def entry_site(entry: Any, feed_site: str | None) -> str | None:
    """The outlet of a feed entry: the site its link names (an aggregator's entries come from many
    outlets), else the feed's site; the feed's site too when the entry's host is under it, so one
    site's CDN or section hosts stay one outlet."""
    links = (entry.get("feedburner_origlink"), entry.get("link"))
    named = next((site for site in (link_site(x) for x in links if isinstance(x, str)) if site), None)
    if named and feed_site and named.endswith("." + feed_site):
        return feed_site
    return choose_outlet(None, named, feed_site)


def _no_text_reason(title: str | None, link: str | None, notes: list[Note], fetched: bool) -> str:
    """Why an entry is skipped, naming what it has (a headline is not an article to analyse) and, for an
    entry with a link, where its text is: its page (a feed read from a file does not fetch pages)."""
    reason = "feed entry has no text" + (f" ({notes[0].message})" if notes else "")
    has = [f"title {' '.join(title.split())[:120]!r}"] if title and title.strip() else []
    if link:
        has.append(f"link {link}")
    if has:
        reason += f"; it has only its {' and '.join(has)}"
    if link and not fetched:
        reason += ("; ingest its page (a saved copy, or the link itself), or the feed from its URL, which "
                   "fetches each entry's page")
    return reason


def _entry_document(
    entry: Any, where: str, ctx: ReadContext, fetch_pages: bool, feed_site: str | None
) -> Document:
    link = entry.get("link") if isinstance(entry.get("link"), str) else None
    site = entry_site(entry, feed_site)
    outlet = site or where
    title = entry.get("title") if isinstance(entry.get("title"), str) else None
    date = _entry_date(entry)
    notes: list[Note] = []
    if fetch_pages and link:
        from marsad.readers.fetch import FetchError

        try:
            page = ctx.get_fetcher().fetch(link)
            doc = document_from_html(
                page.body,
                source=outlet,
                url=link,
                charset=page.charset,
                published=ctx.published,
                fallback_published=date,
                limits=ctx.limits,
                # The page's own canonical link names its outlet, as in a file or a WARC record;
                # the entry's site when it declares none.
                source_from_page=True,
                origin=where,
                read_site=site,
            )
        except (FetchError, DecodeError) as exc:
            notes.append(Note("fetch", f"entry page not used: {exc}"))
        else:
            if title and not doc.title:
                doc.title = title
            if doc.source != where and not any(note.kind == "origin" for note in doc.notes):
                doc.notes.append(origin_note(where))
            return doc
    text = _entry_text(entry)
    if not text.strip():
        raise DecodeError(_no_text_reason(title, link, notes, fetch_pages))
    if site is not None:
        notes.append(origin_note(where))
    return document_from_text(
        text,
        source=outlet,
        url=link,
        title=title,
        detect_title=False,
        published=ctx.published or date,
        notes=notes,
        limits=ctx.limits,
    )
