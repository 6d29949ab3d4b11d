"""Single URLs: an article page, a feed (whose entries are fetched), or plain text."""

from __future__ import annotations

from collections.abc import Iterator

from marsad.readers.base import ReadContext, ReadFailure, ReadItem
from marsad.readers.text import DecodeError

_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


def read_url(url: str, ctx: ReadContext) -> Iterator[ReadItem]:
    from marsad.readers.feed import looks_like_feed, read_feed
    from marsad.readers.fetch import FetchError, check_url
    from marsad.readers.html import document_from_html
    from marsad.readers.outlet import fetched_site, link_site, origin_note
    from marsad.readers.text import document_from_bytes

    try:
        check_url(url)
        page = ctx.get_fetcher().fetch(url)
    except FetchError as exc:
        yield ReadFailure(url, str(exc))
        return
    head = page.body[:4096]
    # A page's outlet is its site, not the whole URL: the host of the URL it was finally read from
    # (an AMP cache's the site it serves), and for HTML the site the page declares over it
    # (canonical link, og:url), as for the same page in a file or a WARC record; a page's HTTP
    # ``Link: rel=canonical`` header names it over the host for HTML and text pages alike.
    read_from = link_site(page.url) or url
    outlet = fetched_site(page.url, page.canonical) or url
    try:
        if page.content_type in _FEED_TYPES or (
            page.content_type not in ("text/html", "text/plain") and looks_like_feed(head)
        ):
            yield from read_feed(url, page.body, ctx, fetch_pages=True)
        elif page.content_type == "text/plain":
            doc = document_from_bytes(
                page.body, source=outlet, url=page.url, published=ctx.published, limits=ctx.limits
            )
            if outlet != read_from:  # where it was read, as for an HTML page naming another site
                doc.notes.append(origin_note(url))
            yield doc
        else:
            yield document_from_html(
                page.body,
                source=read_from,
                url=page.url,
                charset=page.charset,
                published=ctx.published,
                limits=ctx.limits,
                source_from_page=True,
                origin=url,
                read_site=outlet,
            )
    except DecodeError as exc:
        yield ReadFailure(url, str(exc))
