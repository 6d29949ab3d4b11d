"""Near-duplicate and syndicated reports → one story (cluster).

Each document gets a MinHash signature (:mod:`marsad.store.minhash`, the values of
``datasketch``'s default scheme) over word 3-shingles of its repaired, normalised text.  Locality-sensitive hashing is done here in
SQL rather than with ``datasketch.MinHashLSH``: the band keys live in the
``lsh_bands`` table, written in the same transaction as the document, so the
index survives restarts, needs no rebuild at start-up (27k signatures would
take seconds to load) and stays consistent when an ingest is killed or two
ingests run at once.

With 64 permutations in 16 bands of 4 rows, two documents become candidates
with probability ~50% at Jaccard 0.5 and >95% at 0.7; a candidate joins the
cluster of its most similar earlier document when the estimated Jaccard
similarity reaches :data:`SIMILARITY_THRESHOLD`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Sequence

import numpy as np

from marsad.store.minhash import EMPTY_VALUE, minhash
from marsad.text.normalize import normalize
from marsad.text.tokenize import WORD_RE

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 3
SIMILARITY_THRESHOLD = 0.5
# A document with very common shingles can hit many band keys; comparing
# against the most recent candidates is enough to find its story.
MAX_CANDIDATES = 500
# Syndicated copies of one story appear within a few days of its first report.
# Without this window (measured from the cluster's earliest report, so it
# cannot creep forward day by day), templated announcements (congratulations
# to a different head of state each day, the 4th/5th/6th relief flight) chain
# into one big cluster.
MAX_DAYS_APART = 2
_SEED = 1
_SPACE = b" "


def shingles(clean_text: str) -> set[bytes]:
    # The token texts of text.tokenize.tokens, without building a Token per word.
    return word_shingles(WORD_RE.findall(normalize(clean_text)))


def word_shingles(words: Sequence[str]) -> set[bytes]:
    """The shingles of a text's normalised words: each run of SHINGLE_WORDS words, UTF-8."""
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    # Each word is encoded once and each run of consecutive words (the shorter tails end the zip)
    # joined as bytes: UTF-8 of the joined words is the join of their UTF-8, so the shingles are
    # the same bytes as encoding each joined run, with a third of the encoding and no Python loop.
    encoded = list(map(str.encode, words))
    runs = zip(*(encoded[i:] for i in range(SHINGLE_WORDS)), strict=False)
    return set(map(_SPACE.join, runs))


def signature(clean_text: str) -> np.ndarray:
    """The MinHash signature (uint64 array of NUM_PERM values) of a text."""
    return minhash(shingles(clean_text), NUM_PERM, _SEED)


def word_signature(words: Sequence[str]) -> np.ndarray:
    """:func:`signature` from the text's normalised words (``WORD_RE.findall(normalize(text))``)."""
    return minhash(word_shingles(words), NUM_PERM, _SEED)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (band number included so bands never collide)."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def is_empty(sig: np.ndarray) -> bool:
    """True for the signature of a text without words."""
    return bool(np.all(sig == EMPTY_VALUE))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)


def assign_cluster(conn: sqlite3.Connection, doc_seq: int, sig: np.ndarray, published: str | None = None) -> int:
    """Store the document's signature (from :func:`signature`) and band keys; return its cluster id.

    Must run inside the transaction that inserts the document.
    """
    cluster_id, keys = join_cluster(conn, sig, published)
    record_signature(conn, doc_seq, sig, keys)
    return cluster_id


def lsh_keys(sig: np.ndarray) -> list[int]:
    """The band keys a signature is indexed under: none for the empty signature.

    A document without words (a record with a title but no body) has the empty
    signature: it is a story of its own and is kept out of the LSH index, or
    every empty record would join one cluster."""
    return [] if is_empty(sig) else band_keys(sig)


def join_cluster(conn: sqlite3.Connection, sig: np.ndarray, published: str | None = None) -> tuple[int, list[int]]:
    """The cluster a new document joins (created if none fits; its size counted) and its band keys.

    For inserting the document with its cluster id: run in the transaction that
    inserts it, before the insert, then :func:`record_signature` after it.
    """
    keys = lsh_keys(sig)
    return join_cluster_by_keys(conn, sig, keys, published), keys


def join_cluster_by_keys(conn: sqlite3.Connection, sig: np.ndarray, keys: Sequence[int],
                         published: str | None = None) -> int:
    """:func:`join_cluster` given the signature's :func:`lsh_keys` (computed before the transaction)."""
    cluster_id = _best_cluster(conn, sig, keys, _day(published)) if keys else None
    if cluster_id is None:
        cluster_id = int(conn.execute("INSERT INTO clusters (size) VALUES (1)").lastrowid or 0)
    else:
        conn.execute("UPDATE clusters SET size = size + 1 WHERE id = ?", (cluster_id,))
    return cluster_id


def record_signature(conn: sqlite3.Connection, doc_seq: int, sig: np.ndarray, keys: Sequence[int]) -> None:
    """Index the stored document's signature under its band keys (from :func:`join_cluster`)."""
    conn.execute("INSERT INTO signatures (doc_seq, signature) VALUES (?, ?)", (doc_seq, sig.tobytes()))
    conn.executemany("INSERT INTO lsh_bands (band_key, doc_seq) VALUES (?, ?)", [(k, doc_seq) for k in keys])


def forget_signature(conn: sqlite3.Connection, doc_seq: int) -> None:
    """Remove a stored document's signature and its band keys (before :func:`record_signature` records
    a new one).  The band rows are found through their keys (the index on ``band_key``), not by
    reading every band row of the store."""
    row = conn.execute("SELECT signature FROM signatures WHERE doc_seq = ?", (doc_seq,)).fetchone()
    if row is None:
        return
    keys = lsh_keys(np.frombuffer(row[0], dtype=np.uint64))
    conn.executemany("DELETE FROM lsh_bands WHERE band_key = ? AND doc_seq = ?", [(k, doc_seq) for k in keys])
    conn.execute("DELETE FROM signatures WHERE doc_seq = ?", (doc_seq,))


def _day(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _best_cluster(conn: sqlite3.Connection, sig: np.ndarray, keys: Sequence[int], day: dt.date | None) -> int | None:
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT s.signature, d.cluster_id, d.published FROM signatures s JOIN documents d ON d.seq = s.doc_seq "
        f"WHERE s.doc_seq IN (SELECT DISTINCT doc_seq FROM lsh_bands WHERE band_key IN ({marks}) "
        f"ORDER BY doc_seq DESC LIMIT {MAX_CANDIDATES})",
        list(keys),
    ).fetchall()
    scored = []
    for blob, cluster_id, _published in rows:
        if cluster_id is None:
            continue
        score = similarity(sig, np.frombuffer(blob, dtype=np.uint64))
        if score >= SIMILARITY_THRESHOLD:
            scored.append((score, int(cluster_id)))
    for _score, cluster_id in sorted(scored, reverse=True):
        if day is None or _within_window(conn, cluster_id, day):
            return cluster_id
    return None


def _within_window(conn: sqlite3.Connection, cluster_id: int, day: dt.date) -> bool:
    first, last = conn.execute(
        "SELECT MIN(published), MAX(published) FROM documents WHERE cluster_id = ?", (cluster_id,)
    ).fetchone()
    first_day, last_day = _day(first), _day(last)
    if first_day is None or last_day is None:
        return True
    return abs((day - first_day).days) <= MAX_DAYS_APART and abs((day - last_day).days) <= MAX_DAYS_APART


def recluster(conn: sqlite3.Connection) -> int:
    """Recompute every document's cluster from the stored signatures, in storage order.

    For a change of the clustering rules without re-ingesting; one transaction,
    so an interrupted run changes nothing.  Returns the number of clusters.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("UPDATE documents SET cluster_id = NULL")
        conn.execute("DELETE FROM lsh_bands")
        conn.execute("DELETE FROM clusters")
        rows = conn.execute(
            "SELECT d.seq, d.published, s.signature FROM documents d JOIN signatures s ON s.doc_seq = d.seq ORDER BY d.seq"
        ).fetchall()
        conn.execute("DELETE FROM signatures")
        for seq, published, blob in rows:
            cluster_id = assign_cluster(conn, seq, np.frombuffer(blob, dtype=np.uint64).copy(), published)
            conn.execute("UPDATE documents SET cluster_id = ? WHERE seq = ?", (cluster_id, seq))
        count = int(conn.execute("SELECT COUNT(*) FROM clusters").fetchone()[0])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return count
