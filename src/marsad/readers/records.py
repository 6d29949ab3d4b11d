"""JSON records (JSON Lines, JSON arrays, SaudiNewsNet objects) → Documents.

A record needs ``text`` or ``content`` (a string); ``id`` (kept as ``source_id``), ``title``, ``url``,
``source`` and a date (``published``, ``date``, or SaudiNewsNet's
``date_extracted``) are optional.  The outlet is ``source`` when given, else the host of ``url``,
else where the record was read.  The date keeps its day only (YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
from typing import Any

from marsad.document import Document, Note
from marsad.readers.limits import DEFAULT_LIMITS, ReadLimits
from marsad.readers.outlet import choose_outlet, link_site, origin_note
from marsad.readers.text import DecodeError, document_from_text, surrogate_note, without_surrogates

TEXT_FIELDS = ("text", "content")
DATE_FIELDS = ("published", "date", "date_published", "date_extracted")


def normalize_date(value: object) -> str | None:
    """YYYY-MM-DD from an ISO date/datetime or an RFC 2822 date, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed else None


def _string(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _record_id(record: dict[str, Any]) -> str | None:
    """The record's own ``id`` (a string or an integer), kept as the document's ``source_id``."""
    value = record.get("id")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return _string(record, "id")


def _title(record: dict[str, Any]) -> str | None:
    """The record's title with HTML character references decoded: crawlers copy titles from the
    page's markup (``&#8220;`` for “, ``&amp;`` for &).  Only the title: the text is kept as read."""
    title = _string(record, "title")
    return html.unescape(title).strip() or None if title is not None else None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def document_from_record(
    record: object,
    *,
    where: str,
    published: str | None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    """A Document from one JSON value, or DecodeError naming what is wrong."""
    if not isinstance(record, dict):
        raise DecodeError(f"expected a JSON object, got {type(record).__name__}")
    text = next((record[k] for k in TEXT_FIELDS if isinstance(record.get(k), str)), None)
    if text is None:
        raise DecodeError("record has no 'text' or 'content' string")
    url = _string(record, "url")
    if not text.strip() and url is None:
        raise DecodeError("record text is empty")
    notes: list[Note] = []
    # An explicit ``source`` names the outlet; else the site of the record's URL, else where it was read.
    explicit = _string(record, "source")
    site = None if explicit else link_site(url)
    outlet = choose_outlet(explicit, site) or where
    if site is not None:
        notes.append(origin_note(where))
    record_date: str | None = None
    for key in DATE_FIELDS:
        # null or blank is how exports write "no date": absent, so the next date field counts
        if key in record and not _blank(record[key]):
            record_date = normalize_date(record[key])
            if record_date is None:
                notes.append(Note("date", f"unrecognised {key} {str(record[key])[:40]!r}"))
            break
    if not text.strip():
        # A crawl record with a URL but no body (a photo story, a failed extraction) is still
        # an article the outlet published: keep it, identified by its URL, with an empty text.
        found: list[str] = []
        title = _title(record)
        doc = Document(
            "",
            source=without_surrogates(outlet, "source", found),
            published=published or record_date,
            url=without_surrogates(url, "url", found) if url is not None else None,
            title=without_surrogates(title, "title", found) if title is not None else None,
        )
        record_id = _record_id(record)
        doc.source_id = without_surrogates(record_id, "id", found) if record_id is not None else None
        doc.notes.extend([*notes, *surrogate_note(found)])
        doc.notes.append(Note("empty", "record has no text" + (" (title only)" if doc.title else "")))
        return doc
    doc = document_from_text(
        text,
        source=outlet,
        published=published or record_date,
        url=url,
        title=_title(record),
        detect_title=False,
        notes=notes,
        limits=limits,
    )
    record_id = _record_id(record)
    if record_id is not None:
        found = []
        doc.source_id = without_surrogates(record_id, "id", found)
        doc.notes.extend(surrogate_note(found))
    return doc
