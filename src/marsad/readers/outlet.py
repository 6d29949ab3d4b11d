"""The outlet (``Document.source``) of a document: the site it came from, not the file it was read from.

Analysts count and filter by outlet, so a crawl of three sites in one WARC must show three outlets,
and one site read from a feed today and a WARC tomorrow must show one.  Every door (``marsad
analyze``, ``marsad ingest``, ``POST /api/ingest``, the Spark job) reaches these functions through
the readers or :func:`choose_outlet`; the file a document was read from stays on it as an
``origin`` note.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from marsad.document import Document, Note

if TYPE_CHECKING:
    from marsad.readers.base import ReadItem


def site_of(url: str | None) -> str | None:
    """The site of a URL as an outlet name: its host in lower case without ``www.``, an IDN readable.

    None for anything that is not a URL with a host (a file path, ``mailto:``, a bare word).
    """
    if not url or "//" not in url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    host = (host or "").rstrip(".").lower().removeprefix("www.")
    if not host:
        return None
    if host.replace(".", "").isdigit() or ":" in host:
        return host  # an IP address is its own name
    return ".".join(_readable(label) for label in host.split("."))


def link_site(url: str | None) -> str | None:
    """The outlet a link names: :func:`site_of`, except that an AMP cache or viewer link names the
    site whose article it serves (``example-com.cdn.ampproject.org/c/s/example.com/a`` →
    ``example.com``) and a redirect host (FeedBurner's ``feedproxy.google.com``, a link shortener)
    names no outlet (None), so the next evidence counts.  The hosts are ``readers_redirect_hosts.tsv``."""
    site = site_of(url)
    if site is None or url is None:
        return None
    kind = _host_kind(site)
    if kind == "redirect":
        return None
    if kind == "amp":
        served = _amp_served_host(urlsplit(url.strip()).path)
        if served is not None:
            return site_of("https://" + served)
        return None if site.endswith(("ampproject.org", "ampproject.net")) else site
    return site


def _host_kind(site: str) -> str | None:
    hosts = _special_hosts()
    labels = site.split(".")
    for start in range(len(labels) - 1):
        kind = hosts.get(".".join(labels[start:]))
        if kind is not None:
            return kind
    return None


@functools.cache
def _special_hosts() -> dict[str, str]:
    from marsad.resources import read_tsv_dicts

    return {row["host"].lower(): row["kind"] for row in read_tsv_dicts("readers_redirect_hosts.tsv")}


# AMP URL path prefixes before the served host: /c/ (content), /v/ (viewer), /i/ (image), /s/ (https),
# /amp/ (Google's viewer); the served host is the first segment after them that has a dot.
_AMP_PREFIXES = frozenset({"c", "v", "i", "s", "r", "amp", "wp"})


def _amp_served_host(path: str) -> str | None:
    for segment in path.split("/"):
        if not segment or segment in _AMP_PREFIXES:
            continue
        return segment if "." in segment else None
    return None


def _readable(label: str) -> str:
    """A punycode label in the script an analyst reads (أخبار, not xn--igbicxr); others as they are."""
    if not label.startswith("xn--"):
        return label
    try:
        return label.encode("ascii").decode("idna")
    except (UnicodeError, ValueError):
        return label


def page_site(tree: Any, url: str | None = None, *, read_site: str | None = None) -> str | None:
    """The outlet of a parsed HTML page read from ``url`` (a WARC record's target, a fetched URL) or
    from a file (``url`` None): the host of its canonical link, else of ``og:url``; else the site it
    was read from (``read_site`` when the reader knows it better than ``url`` does: a feed entry's
    site, by :func:`marsad.readers.feed.entry_site`), else the host of ``url``; else
    ``og:site_name`` as written; None when there is none of these.

    The page's own canonical host wins over the host it was fetched from, so an AMP cache, a
    mirror or a CDN host (``example-com.cdn.ampproject.org``, ``m.example.com``) counts as the site
    whose article it serves, in a WARC as in a saved file.  ``og:site_name`` is a display name
    (``الجزيرة نت``), not a host: it names the outlet only when no host is known, so one site's
    pages read from a feed and from a WARC stay one outlet.
    """
    for href in tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"):
        site = link_site(str(href))
        if site:
            return site
    for content in tree.xpath("//meta[@property='og:url' or @name='og:url']/@content"):
        site = link_site(str(content))
        if site:
            return site
    fetched = read_site or link_site(url)
    if fetched:
        return fetched
    for content in tree.xpath("//meta[@property='og:site_name' or @name='og:site_name']/@content"):
        name = " ".join(str(content).split())
        if name:
            return name[:200]
    return None


def fetched_site(url: str, canonical: str | None = None) -> str | None:
    """The site of a page fetched from the web, before its markup is read: the host of the canonical
    URL its HTTP ``Link`` header names (the only declaration a text/plain page can make), else
    :func:`link_site` of the URL it was finally read from.  A text page's outlet; an HTML page's
    when its markup declares no site (:func:`page_site`'s ``read_site``)."""
    return link_site(canonical) or link_site(url)


def choose_outlet(explicit: str | None, *sites: str | None) -> str | None:
    """An explicit outlet (a record's ``source``, a caller's choice) wins; else the first site found."""
    if explicit and explicit.strip():
        return explicit
    return next((site for site in sites if site), None)


def origin_note(where: str) -> Note:
    """Where a document was read from, kept when its outlet is the site instead of the file."""
    return Note("origin", f"read from {where}")


def name_outlet(doc: Document, outlet: str) -> Document:
    """``doc`` with the outlet a user named for a whole run (``--source``): it wins over the site the
    readers found and a record's own ``source``, because the user knows where the files came from.
    What the document was named before stays on it as an ``origin`` note when no note says it yet."""
    if doc.source != outlet:
        if doc.source and not any(note.kind == "origin" for note in doc.notes):
            doc.notes.append(origin_note(doc.source))
        doc.source = outlet
    return doc


def name_outlets(items: Iterable[ReadItem], outlet: str | None) -> Iterator[ReadItem]:
    """Every document of ``items`` with the outlet a user named for the run (:func:`name_outlet`);
    failures and, with ``outlet`` None, documents pass as they are.  The one place ``--source`` is
    applied, by ``marsad analyze`` / ``ingest`` (through ``read_inputs``) and the Spark job alike."""
    for item in items:
        yield name_outlet(item, outlet) if outlet is not None and isinstance(item, Document) else item
