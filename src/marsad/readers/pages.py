"""One HTML page or text file, already read into bytes, as a Document or a failure.

Shared by the file dispatcher and the ZIP reader (a page inside an archive is read
like a page on disk), so neither has to import the other.
"""

from __future__ import annotations

from marsad.readers.base import ReadContext, ReadFailure, ReadItem, unexpected_failure
from marsad.readers.text import DecodeError, document_from_bytes


def decode_document(data: bytes, kind: str, source: str, ctx: ReadContext) -> ReadItem:
    """One HTML page or text file, already read, as a Document or a failure with its reason."""
    try:
        if kind == "html":
            from marsad.readers.html import document_from_html

            # A page on disk is named by its path only: the site it declares is the better outlet.
            return document_from_html(
                data, source=source, published=ctx.published, limits=ctx.limits, source_from_page=True
            )
        return document_from_bytes(data, source=source, published=ctx.published, limits=ctx.limits)
    except DecodeError as exc:
        return ReadFailure(source, str(exc))
    except Exception as exc:  # a page's surprise costs that page, not the archive around it
        return unexpected_failure(source, exc)
