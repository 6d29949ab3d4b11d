"""Preparing a document for the store (issue 17): the faster paths give what the plain ones gave."""

from __future__ import annotations

import json
import random

import pytest
import regex

from marsad.document import ANNOTATION_TYPES, Document
from marsad.pipeline import Pipeline
from marsad.store import cluster, fts
from marsad.store.queries import prepare_document
from marsad.text.normalize import normalize
from marsad.text.tokenize import WORD_RE, tokens
from store_corpus import article

# Presentation forms (ﻻ, ﺍ), ta marbuta with marks and tatweel, punctuation inside words,
# Persian look-alikes, digits, Latin words and line breaks: what normalisation and the
# word pattern treat specially.
PIECES = ["حلب", "ﻻجئين", "ﺍلأسلحة", "هيئةٌ", "الهيئةـ", "أسلـ.حتها", "ک", "٢٠١٩", "2019", "UN", "\n", "،",
          "مدرسة", "وبالمدينة", "غرف\ufe93", "ةة", "ةب", "ﷲ", "\u200c", "ـ", "a-b", "كيماوية"]


# The pattern that found the words written with a final ta marbuta.
_TA_MARBUTA_WORD = regex.compile("[\\p{L}\\p{M}\u0640]*[\u0629\ufe93\ufe94][\\p{M}\u0640]*(?![\\p{L}\\p{M}])")


def _old_index_columns(clean_text: str, title: str | None) -> tuple[str, str]:
    """The column builder as it was: one normalisation of title and text together, sorted stem sets."""
    raw = f"{title}\n{clean_text}" if title else clean_text
    normal = normalize(raw)
    words = WORD_RE.findall(normal)
    marbuta = set(normalize(" ".join(_TA_MARBUTA_WORD.findall(raw))).split())
    extra: list[str] = []
    for word in words:
        extra.extend(sorted(fts.stems(word, word in marbuta)))
    joined = fts._INNER_PUNCTUATION.sub("", normal)
    if joined != normal:
        known = set(words)
        for token in tokens(joined):
            if token.text not in known:
                extra.append(token.text)
                extra.extend(sorted(fts.stems(token.text)))
    return " ".join(words), " ".join(extra)


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(["", " ", " ", "  "]) for _ in range(rng.randint(0, 30)))


def test_index_columns_from_shared_words_are_the_old_columns() -> None:
    rng = random.Random(17)
    for _ in range(400):
        clean_text = _random_text(rng)
        title = rng.choice([None, "", _random_text(rng)])
        assert fts._ta_marbuta_words(clean_text) == _TA_MARBUTA_WORD.findall(clean_text)
        expected = _old_index_columns(clean_text, title)
        assert fts.index_columns(clean_text, title) == expected, (clean_text, title)
        clean = fts.NormalisedWords.of(clean_text)
        assert fts.index_columns(clean_text, title, clean=clean) == expected, (clean_text, title)
        assert cluster.word_signature(clean.words).tolist() == cluster.signature(clean_text).tolist()


def test_shingles_are_runs_of_three_words() -> None:
    words = ["a", "b", "c", "d"]
    assert cluster.word_shingles(words) == {b"a b c", b"b c d"}
    assert cluster.word_shingles(["a", "b"]) == {b"a b"}
    assert cluster.word_shingles([]) == set()


def test_annotations_json_is_json_dumps_of_the_annotations() -> None:
    doc = Pipeline.build()(Document(article(1), id="prep-1", title="عنوان ﻻ يتغير", published="2019-12-12"))
    data = doc.to_dict()
    assert data["quotes"] and data["events"]  # the composed lists are exercised
    prepared = prepare_document(data)
    annotations = {name: data.get(name) or [] for name in ANNOTATION_TYPES}
    annotations["published_detected"] = bool(data.get("published_detected", False))
    assert prepared.annotations_json == json.dumps(annotations, ensure_ascii=False)
    records = [row[-1] for row in prepared.rows["events"]]
    assert records == [json.dumps(ev, ensure_ascii=False) for ev in data["events"]]



def test_prepared_from_the_documents_matching_view_is_the_same_document() -> None:
    doc = Pipeline.build()(Document(article(2), id="prep-2", title="عنوان", published="2019-12-12"))
    matching = doc.built_view("matching")
    assert matching is not None and matching.text == normalize(doc.clean_text)
    data = doc.to_dict()
    plain, given = prepare_document(data), prepare_document(data, normalised_clean_text=matching.text)
    for name in ("annotations_json", "rows", "fts_body", "fts_stems", "band_keys"):
        assert getattr(given, name) == getattr(plain, name), name
    assert given.signature.tolist() == plain.signature.tolist()
    # the band keys the writer indexes are the signature's, computed before the transaction
    assert len(plain.band_keys) == cluster.BANDS and plain.band_keys == cluster.band_keys(plain.signature)
    assert prepare_document({"id": "empty", "text": ""}).band_keys == []
    assert Document("نص").built_view("matching") is None  # a view is not built by asking for it


def test_the_stages_words_are_the_words_of_the_matching_view() -> None:
    from marsad.ingest.service import normalised_clean
    from marsad.ner.tokens import built_matching_words

    pipeline = Pipeline.build()
    doc = pipeline.analyse_keeping_analyses(
        Document(article(3) + "\nأسلـ.حتها ﻻجئين ٢٠١٩ UN،هيئةٌ", id="prep-3", title="عنوان")
    )
    words = built_matching_words(doc)
    assert words and words == WORD_RE.findall(doc.matching.text)
    assert normalised_clean(doc) == (doc.matching.text, words)
    data = doc.to_dict()
    plain = prepare_document(data)
    given = prepare_document(data, normalised_clean_text=doc.matching.text, normalised_words=words)
    for name in ("annotations_json", "rows", "fts_body", "fts_stems", "band_keys"):
        assert getattr(given, name) == getattr(plain, name), name
    # Nothing split yet: no words to hand on (and asking does not split the text).
    fresh = Document("قال المرصد")
    assert built_matching_words(fresh) is None and normalised_clean(fresh) == (None, None)
    assert Pipeline.build(["boilerplate"])(fresh) is fresh and built_matching_words(fresh) is None
    # A plain call releases the analyses after its last stage (the document is then freed at once).
    released = pipeline(Document(article(3), id="prep-4"))
    assert released.entities and built_matching_words(released) is None


def test_ingest_hands_the_stages_words_to_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ingest service prepares a document's rows from the words the stages split, then frees them."""
    from marsad.ingest import service
    from marsad.ner.tokens import built_matching_words

    seen: list[dict[str, object]] = []
    real_prepare = service.prepare_document

    def spy(data: dict[str, object], **kwargs: object) -> object:
        seen.append(kwargs)
        return real_prepare(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "prepare_document", spy)
    pipeline = Pipeline.build()
    doc = Document(article(3), id="prep-5")
    service._prepare_item(lambda: pipeline, doc)
    assert len(seen) == 1
    assert seen[0]["normalised_words"] == WORD_RE.findall(doc.matching.text)
    assert built_matching_words(doc) is None  # released once the rows were prepared


def _old_word_shingles(words: list[str]) -> set[bytes]:
    if len(words) < cluster.SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + cluster.SHINGLE_WORDS]).encode() for i in range(len(words) - 2)}


def test_shingles_and_item_hashes_are_the_plain_ones() -> None:
    import hashlib

    from marsad.store.minhash import item_hashes

    rng = random.Random(29)
    for _ in range(200):
        words = WORD_RE.findall(normalize(_random_text(rng)))
        found = cluster.word_shingles(words)
        assert found == _old_word_shingles(words), words
        items = sorted(found)
        expected = [int.from_bytes(hashlib.sha1(item).digest()[:4], "little") for item in items]
        assert item_hashes(items).tolist() == expected
    assert item_hashes([]).tolist() == []


def test_stem_texts_survive_the_memo_being_emptied(monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.text.memo import WordMemo

    words = WORD_RE.findall(normalize("وأسلحتها الأسلحة حلب بحلب الهيئة هيئة والمدرسة"))
    expected = fts.index_columns(" ".join(words))
    tiny: WordMemo[str] = WordMemo(fts._plain_stem_text, limit=2)  # emptied on every third new word
    monkeypatch.setattr(fts, "_PLAIN_STEM_TEXTS", tiny)
    assert fts.index_columns(" ".join(words)) == expected
    assert fts.index_columns(" ".join(words)) == expected
