"""Bounds on what a reader accepts, so hostile input costs bounded time and memory.

Every bound is a named default here and can be changed per call through
:class:`ReadLimits`.  A reader that hits a bound refuses that one input (or
record) with a message naming the bound; the rest of the batch goes on.
"""

from __future__ import annotations

from dataclasses import dataclass

# One article of text.  The longest real news articles are ~100k characters;
# 5 M leaves room for transcripts and still keeps a document's views small.
MAX_DOCUMENT_CHARS = 5_000_000
# A file read as one document (txt, html) is refused unread above this size:
# UTF-8 needs at most 4 bytes per character, so nothing larger can fit the cap.
MAX_FILE_BYTES = 4 * MAX_DOCUMENT_CHARS
# HTML larger than this is not handed to the parser (lxml trees cost ~10x the bytes).
MAX_HTML_BYTES = 10_000_000
# Element nesting deeper than this is refused before parsing (real pages stay under ~60).
MAX_HTML_DEPTH = 500
# ZIP archives: total bytes expanded per archive, and expanded/compressed ratio per member.
MAX_ZIP_EXPANDED_BYTES = 1_000_000_000
MAX_ZIP_RATIO = 100
# WARC: payload bytes read per record; larger records are skipped with a failure.
MAX_WARC_RECORD_BYTES = 10_000_000
# Feeds: bytes of XML, and entries taken from one feed (real feeds carry 10-100;
# feedparser needs ~0.5 ms per entry, so the entry cap also bounds parse time).
MAX_FEED_BYTES = 5_000_000
MAX_FEED_ENTRIES = 1_000
# Network fetches.
MAX_FETCH_BYTES = 10_000_000
FETCH_TIMEOUT_SECONDS = 20.0
MAX_REDIRECTS = 5
MIN_SECONDS_BETWEEN_REQUESTS_PER_HOST = 1.0
# Directory walking: files taken from one directory tree.
MAX_DIRECTORY_FILES = 1_000_000


@dataclass(frozen=True, slots=True)
class ReadLimits:
    max_document_chars: int = MAX_DOCUMENT_CHARS
    max_file_bytes: int = MAX_FILE_BYTES
    max_html_bytes: int = MAX_HTML_BYTES
    max_html_depth: int = MAX_HTML_DEPTH
    max_zip_expanded_bytes: int = MAX_ZIP_EXPANDED_BYTES
    max_zip_ratio: int = MAX_ZIP_RATIO
    max_warc_record_bytes: int = MAX_WARC_RECORD_BYTES
    max_feed_bytes: int = MAX_FEED_BYTES
    max_feed_entries: int = MAX_FEED_ENTRIES
    max_fetch_bytes: int = MAX_FETCH_BYTES
    fetch_timeout: float = FETCH_TIMEOUT_SECONDS
    max_redirects: int = MAX_REDIRECTS
    min_seconds_between_requests: float = MIN_SECONDS_BETWEEN_REQUESTS_PER_HOST
    max_directory_files: int = MAX_DIRECTORY_FILES


DEFAULT_LIMITS = ReadLimits()


def too_large(what: str, size: int, limit: int, unit: str = "characters") -> str:
    """The one refusal message for every size bound."""
    return f"{what} too large: {size:,} {unit} > {limit:,} limit"
