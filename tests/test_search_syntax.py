"""Search syntax (OR, -word, phrases, prefix*), spelling families, word boundaries with clitics,
and Arabic and English names resolving to the same actor or place in every filter."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app as cli_app
from marsad.document import Document, Event
from marsad.store import Filters, LabelIndex, Store, fts, open_store
from marsad.store.fts import EmptyQueryError, QuerySyntaxError
from marsad.text.normalize import normalize
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource

TEXTS = {
    "aleppo": "قصفت الطائرات أحياء حلب الشرقية.",
    "and_aleppo": "وصلت المساعدات إلى إدلب وحلب أمس.",
    "in_aleppo": "اجتماع بحلب لبحث الأوضاع الإنسانية.",
    "to_aleppo": "عاد النازحون لحلب بعد الهدنة.",
    "ring": "فاز الملاكم في حلبة النزال الكبرى.",
    "the_ring": "دخل اللاعبون الحلبة وسط تصفيق الجمهور.",
    "chemical_1": "اتهم التقرير النظام باستخدام الأسلحة الكيميائية في الغوطة.",
    "chemical_2": "نفت دمشق استخدام أسلحة كيماوية ضد المدنيين.",
    "un": "قال الأمين العام للأمم المتحدة إن الوضع خطير.",
    "un_split": "الأمم التي اتحدت ليست المتحدة دائما.",
    "damascus": "انفجار في دمشق وإصابات في صفوف المدنيين.",
}


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "marsad.db")


@pytest.fixture()
def corpus(store: Store) -> dict[str, str]:
    """doc id → name of the text."""
    names = {}
    for name, text in TEXTS.items():
        doc = Document(text, source=name)
        store.add_document(doc)
        names[doc.id] = name
    return names


def _found(store: Store, corpus: dict[str, str], query: str) -> set[str]:
    found = {corpus[r["id"]] for r in store.search(query, limit=100)}
    assert store.count_search(query) == len(found), query
    return found


# -- word boundaries with clitics ---------------------------------------------------------


def test_a_name_finds_its_clitic_forms_but_not_a_longer_word(store: Store, corpus: dict[str, str]) -> None:
    assert _found(store, corpus, "حلب") == {"aleppo", "and_aleppo", "in_aleppo", "to_aleppo"}
    assert _found(store, corpus, "حلبة") == {"ring", "the_ring"}
    assert _found(store, corpus, "الحلبة") == {"ring", "the_ring"}


def test_highlights_skip_a_word_that_only_looks_like_a_clitic_form(store: Store) -> None:
    text = "من حلبة السباق إلى مدينة حلب."
    store.add_document(Document(text, source="s"))
    [hit] = store.search("حلب")
    assert [text[s:e] for s, e in hit["spans"]] == ["حلب"]


def test_a_stale_index_is_rebuilt_when_the_store_is_opened_for_writing(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with open_store(db) as store:
        for name in ("ring", "aleppo", "and_aleppo"):
            store.add_document(Document(TEXTS[name], source=name))
    # What an older Marsad indexed: the final ه of حلبة read as a pronoun, stem حلب; no version mark.
    with sqlite3.connect(db) as conn:
        ring = conn.execute("SELECT d.seq FROM documents d JOIN sources s ON s.id = d.source_id"
                            " WHERE s.name = 'ring'").fetchone()[0]
        conn.execute("UPDATE doc_fts SET stems = stems || ' حلب' WHERE rowid = ?", (ring,))
        conn.execute("PRAGMA user_version = 0")
    with open_store(db, readonly=True) as old:
        assert old.search_index_stale() and old.count_search("حلب") == 3
    with open_store(db) as upgraded:
        assert not upgraded.search_index_stale()
        assert upgraded.count_search("حلب") == 2
        assert upgraded.count_search("حلبة") == 1
        assert upgraded.check() == []


# -- spelling families ----------------------------------------------------------------------


def test_spelling_variants_find_the_same_documents(store: Store, corpus: dict[str, str]) -> None:
    assert _found(store, corpus, "كيميائية") == {"chemical_1", "chemical_2"}
    assert _found(store, corpus, "كيماوية") == {"chemical_1", "chemical_2"}
    assert _found(store, corpus, "الأسلحة الكيماوية") == {"chemical_1", "chemical_2"}


def test_spellings_come_from_the_data_file() -> None:
    assert fts.spellings(normalize("كيميائية")) == [normalize("كيميائية"), normalize("كيماوية")]
    assert set(fts.spellings(normalize("الأميركي"))) == {normalize("الأميركي"), normalize("الأمريكي")}
    assert fts.spellings("حلب") == ["حلب"]


def test_highlights_cover_every_spelling(store: Store) -> None:
    text = "الأسلحة الكيميائية والأسلحة الكيماوية."
    store.add_document(Document(text, source="s"))
    [hit] = store.search("كيماوية")
    assert [text[s:e] for s, e in hit["spans"]] == ["الكيميائية", "الكيماوية"]


# -- syntax -----------------------------------------------------------------------------------


def test_or_finds_either_word(store: Store, corpus: dict[str, str]) -> None:
    assert _found(store, corpus, "دمشق OR الغوطة") == {"chemical_1", "chemical_2", "damascus"}
    assert _found(store, corpus, "أسلحة دمشق | الغوطة") == {"chemical_1", "chemical_2"}
    # lower-case "or" is a word like any other
    assert _found(store, corpus, "دمشق or") == set()


def test_minus_excludes_a_word(store: Store, corpus: dict[str, str]) -> None:
    assert _found(store, corpus, "حلب -إدلب") == {"aleppo", "in_aleppo", "to_aleppo"}
    assert _found(store, corpus, 'المدنيين -"أسلحة كيماوية"') == {"damascus"}


def test_a_phrase_needs_its_words_in_order(store: Store, corpus: dict[str, str]) -> None:
    assert _found(store, corpus, "الأمم المتحدة") == {"un", "un_split"}
    # the phrase keeps a conjunction or preposition on its first word (للأمم المتحدة)
    assert _found(store, corpus, '"الأمم المتحدة"') == {"un"}
    assert _found(store, corpus, "«الأمم المتحدة»") == {"un"}


def test_a_star_finds_words_by_their_beginning(store: Store, corpus: dict[str, str]) -> None:
    assert _found(store, corpus, "كيم*") == {"chemical_1", "chemical_2"}
    assert _found(store, corpus, "كيمي*") == {"chemical_1"}
    assert _found(store, corpus, "إنسان*") == {"in_aleppo"}
    [hit] = store.search("إنسان*")
    assert [TEXTS["in_aleppo"][s:e] for s, e in hit["spans"]] == ["الإنسانية"]


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"حلب', "quotation mark is not closed"),
        ("OR حلب", "OR needs a word on each side"),
        ("حلب OR", "OR needs a word on each side"),
        ("حلب OR OR إدلب", "OR needs a word on each side"),
        ("-حلب", "only excludes"),
        ("حلب OR -إدلب", "cannot be part of an OR"),
        ("ح*", "at least 2 letters"),
        ("حل*ب", "at the end of a word"),
        ("*", "needs a word before it"),
        (" ".join(["كلمة"] * 40), "at most 32"),
    ],
)
def test_bad_syntax_is_a_one_line_reason(store: Store, query: str, reason: str) -> None:
    store.add_document(Document("مدينة حلب", source="s"))
    for call in (store.search, store.count_search):
        with pytest.raises(QuerySyntaxError, match=reason) as caught:
            call(query)
        assert "\n" not in str(caught.value) and "fts5" not in str(caught.value).lower()
    assert issubclass(QuerySyntaxError, EmptyQueryError)


def test_cli_prints_the_count_and_bad_syntax_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with open_store(db) as store:
        for text in TEXTS.values():
            store.add_document(Document(text, source="s"))
    runner = CliRunner()
    result = runner.invoke(cli_app, ["search", "دمشق OR الغوطة", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "3 document(s) match" in result.stdout
    result = runner.invoke(cli_app, ["search", '"حلب', "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert "quotation mark is not closed" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(cli_app, ["search", "--reindex", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "11 document(s)" in result.stdout


def test_api_search_takes_the_syntax_and_explains_bad_syntax(tmp_path: Path) -> None:
    db = tmp_path / "api.db"
    with open_store(db) as store:
        for text in TEXTS.values():
            store.add_document(Document(text, source="s"))
    with TestClient(create_app(db, token="t" * 24, source=StoreSource(db, stages=["boilerplate"]))) as client:
        body = client.get("/api/search", params={"q": "دمشق OR الغوطة"}).json()
        assert body["total"] == 3
        response = client.get("/api/search", params={"q": "حلب OR"})
        assert response.status_code == 422
        assert "OR needs a word on each side" in response.json()["error"]["message"]


# -- names in filters -------------------------------------------------------------------------


def _event(doc: Document, actor: dict[str, str], place: dict[str, str]) -> Event:
    start = doc.text.index("قصف")
    return Event(
        type="ASSAULT", mode=None, trigger={"start": start, "end": start + 3, "text": "قصف"}, actor=actor,
        target=None, place=place, date="2016-01-02", status="reported", source=None, chain=[], figures=[],
    )


@pytest.fixture()
def named(store: Store) -> dict[str, str]:
    """Events whose actor and place are labelled in Arabic or in English; doc id → name."""
    aleppo = {"id": "geonames:170063", "name": "Aleppo", "country": "SY"}
    cases = {
        "arabic_actor": ({"text": "داعش"}, {**aleppo, "text": "بحلب"}),
        "english_actor": ({"text": "تنظيم الدولة", "canonical": "Islamic State"}, {**aleppo, "text": "حلب"}),
        "dictionary_id": ({"text": "التنظيم", "canonical": "Islamic State", "id": "actor:isis"}, dict(aleppo)),
        "other": ({"text": "الجيش"}, {"id": "geonames:170654", "name": "Damascus", "text": "دمشق", "country": "SY"}),
    }
    names = {}
    for name, (actor, place) in cases.items():
        doc = Document(f"قصف في {name}", source=name)
        doc.events = [_event(doc, actor, place)]
        store.add_document(doc)
        names[doc.id] = name
    return names


def _events(store: Store, named: dict[str, str], labels: LabelIndex | None = None, **filters: str) -> set[str]:
    found = {named[e["document"]] for e in store.events(Filters(**filters), labels=labels)}  # type: ignore[arg-type]
    assert store.count_events(Filters(**filters), labels=labels) == len(found)  # type: ignore[arg-type]
    return found


@pytest.mark.parametrize("shared", [False, True])
def test_arabic_and_english_names_find_the_same_events(store: Store, named: dict[str, str], shared: bool) -> None:
    labels = LabelIndex() if shared else None
    isis = {"arabic_actor", "english_actor", "dictionary_id"}
    for actor in ("داعش", "Islamic State", "islamic state", "الدولة الإسلامية", "actor:isis"):
        assert _events(store, named, labels, actor=actor) == isis, actor
    aleppo = {"arabic_actor", "english_actor", "dictionary_id"}
    for place in ("حلب", "Aleppo", "aleppo"):
        assert _events(store, named, labels, place=place) == aleppo, place
    assert _events(store, named, labels, place="دمشق") == _events(store, named, labels, place="Damascus") == {"other"}
    merged_ar = store.count_merged_events(Filters(actor="داعش"), labels=labels)
    assert merged_ar == store.count_merged_events(Filters(actor="Islamic State"), labels=labels) == 3


def test_a_name_shared_by_two_places_stands_for_neither(store: Store) -> None:
    cases = {
        "riyadh_capital": {"id": "geonames:108410", "name": "Riyadh", "text": "العاصمة"},
        "riyadh": {"id": "geonames:108410", "name": "Riyadh", "text": "الرياض"},
        "damascus_capital": {"id": "geonames:170654", "name": "Damascus", "text": "العاصمة"},
    }
    names = {}
    for name, place in cases.items():
        doc = Document(f"قصف في {name}", source=name)
        doc.events = [_event(doc, {"text": "الجيش"}, place)]
        store.add_document(doc)
        names[doc.id] = name
    assert _events(store, names, place="Riyadh") == _events(store, names, place="الرياض") == {"riyadh", "riyadh_capital"}
    assert _events(store, names, place="Damascus") == {"damascus_capital"}
