""""According to whom": the claims filter of every door that lists events (store, CLI, API), its facet and index.

The stores are built from the seed article (analysed by the pipeline) and a short synthetic article of our own
writing whose claims are placed by hand, so the filter is tested whatever the stages produce for it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import Document, Event
from marsad.store import Filters, open_store
from marsad.store.schema import LATEST_VERSION, current_version
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource
from store_corpus import write_old_version_store
from webdata import _span

OBSERVATORY = "Syrian Observatory for Human Rights"


def _party(text: str, surface: str, canonical: str | None) -> dict[str, Any]:
    start, end = _span(text, surface)
    return {"start": start, "end": end, "text": surface, "canonical": canonical}


def _claim(text: str, trigger: str, status: str, source: dict[str, Any] | None, chain: list[str]) -> Event:
    start, end = _span(text, trigger)
    return Event(type="ASSAULT", mode=None, trigger={"start": start, "end": end, "text": trigger}, actor=None,
                 target=None, place=None, date="2024-05-02", status=status, source=source, chain=chain)


def claims_article() -> Document:
    """The observatory's claim, a military source's claim relayed by SANA, the outlet's own report,
    and a source whose name holds "rt" inside a word (Reporters), which RT must not find."""
    text = (
        "قال المرصد السوري لحقوق الإنسان إن غارات جوية استهدفت بلدة كفرنبل فجر الخميس.\n"
        "ونقلت وكالة سانا عن مصدر عسكري أن الجيش صد هجوما على نقاط في ريف حماة.\n"
        "وأفادت منظمة Reporters بأن مسلحين اقتحموا مكتبا صحفيا.\n"
        "وشهدت المنطقة قصفا مدفعيا متقطعا.\n"
    )
    doc = Document(text, title="غارات على كفرنبل", url="https://example.org/claims-1", source="example",
                   published="2024-05-02")
    doc.events = [
        _claim(text, "غارات", "claimed", _party(text, "المرصد السوري لحقوق الإنسان", OBSERVATORY), [OBSERVATORY]),
        _claim(text, "هجوما", "claimed", _party(text, "مصدر عسكري", None), ["مصدر عسكري", "SANA"]),
        _claim(text, "اقتحموا", "claimed", _party(text, "منظمة Reporters", "Reporters"), ["Reporters"]),
        _claim(text, "قصفا", "asserted", None, []),
    ]
    assert not doc.span_problems()
    return doc


@pytest.fixture(scope="module")
def claims_db(tmp_path_factory: pytest.TempPathFactory, seed_doc: Document) -> Path:
    path = tmp_path_factory.mktemp("claims") / "claims.db"
    with open_store(path) as store:
        store.add_many([seed_doc.to_dict(), claims_article().to_dict()])
    return path


def triggers(path: Path, value: str) -> set[str]:
    with open_store(path, readonly=True) as store:
        return {str(r["trigger"]) for r in store.events(Filters(claimed_by=value), limit=100)}


def claim_sources(path: Path, value: str) -> set[str]:
    with open_store(path, readonly=True) as store:
        rows = store.events(Filters(claimed_by=value), limit=100)
        assert store.count_events(Filters(claimed_by=value)) == len(rows)
        return {str(r["claim_source"]) for r in rows}


def test_the_seed_claims_of_russia_are_found_by_its_name_as_written_and_canonical(claims_db: Path) -> None:
    assert claim_sources(claims_db, "روسيا") == {"Russia"}
    assert claim_sources(claims_db, "Russia") == {"Russia"}
    # An unrelated claimant finds none of them.
    assert "Russia" not in claim_sources(claims_db, "US State Department")
    assert claim_sources(claims_db, "US State Department") == {"US State Department"}


@pytest.mark.parametrize("value", ["Russian Ministry of Defence", "وزارة الدفاع الروسية", "الدفاع الروسيه",
                                   "actor:rus-mod", "ACTOR:RUS-MOD"])
def test_a_claimant_is_found_by_any_of_its_names_spelling_or_its_dictionary_id(claims_db: Path, value: str) -> None:
    assert claim_sources(claims_db, value) == {"Russian Ministry of Defence"}


def test_whole_words_only_russia_is_not_its_defence_ministry(claims_db: Path) -> None:
    # "Russia" is a word of "Russian Ministry of Defence"'s name only as a part of a word.
    assert "Russian Ministry of Defence" not in claim_sources(claims_db, "Russia")
    assert claim_sources(claims_db, "وزارة") == {"Russian Ministry of Defence", "US State Department"}


@pytest.mark.parametrize("value", ["RT", "rt", "روسيا اليوم", "actor:rt"])
def test_a_party_of_the_chain_finds_what_was_relayed_through_it(claims_db: Path, value: str) -> None:
    found = claim_sources(claims_db, value)
    # Every event the seed relays from RT, whoever claimed it; and not "Reporters", which holds "rt".
    assert {"Russia", "Russian Ministry of Defence", "يوري بورينكوف"} <= found
    assert "Reporters" not in found and "US State Department" not in found


def test_the_synthetic_claims_by_source_as_written_canonical_and_relay(claims_db: Path) -> None:
    assert triggers(claims_db, "المرصد السوري") == {"غارات"}
    assert triggers(claims_db, OBSERVATORY) == {"غارات"}
    assert triggers(claims_db, "مصدر عسكري") == {"هجوما"}
    assert triggers(claims_db, "وكالة سانا") == {"هجوما"}  # SANA's names resolve to its canonical link
    assert triggers(claims_db, "Reporters") == {"اقتحموا"}
    assert triggers(claims_db, "منظمه") == {"اقتحموا"}  # ta marbuta folded
    assert triggers(claims_db, "الجيش الحر") == set()


def test_the_claims_filter_combines_with_the_others(claims_db: Path) -> None:
    with open_store(claims_db, readonly=True) as store:
        assert store.count_events(Filters(claimed_by="RT", type="ASSAULT")) < store.count_events(
            Filters(claimed_by="RT"))
        assert store.count_events(Filters(claimed_by="RT", since="2024-01-01")) == 0
        assert store.count_merged_events(Filters(claimed_by="سانا")) == 1


def test_the_claims_facet_counts_claim_sources_under_the_other_filters(claims_db: Path) -> None:
    with open_store(claims_db, readonly=True) as store:
        facet = {f["value"]: f["count"] for f in store.event_facets(Filters(type="ASSAULT"))["claimed_by"]}
        picked = store.event_facets(Filters(claimed_by="RT"))["claimed_by"]
    assert facet[OBSERVATORY] == 1 and facet["مصدر عسكري"] == 1
    assert None not in facet  # the outlet's own assertions have no claimant
    # Counted under every filter but its own: choosing one claimant keeps the others visible.
    assert len(picked) > 1


def test_the_filter_reads_the_claim_indexes(claims_db: Path) -> None:
    from marsad.store.events import event_where
    from marsad.store.labels import LabelIndex

    with open_store(claims_db, readonly=True) as store:
        where_sql, params = event_where(Filters(claimed_by="RT"), LabelIndex(), store.conn)
        plan = " ".join(str(r[-1]) for r in store.conn.execute(f"EXPLAIN QUERY PLAN SELECT e.id FROM events e{where_sql}",
                                                                 params))
    assert "events_chain" in plan and "events_claim_source" in plan and "events_claim_text" in plan
    assert "SCAN e" not in plan.replace("SCAN e USING", "")


def test_a_store_of_version_7_gains_the_claim_indexes(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # Made from the migrations up to 7 (rolling a newer store's version back would apply later
    # migrations, which add columns, a second time).
    write_old_version_store(path, [claims_article().to_dict()], 7)
    with open_store(path, readonly=True) as store:  # upgraded before a read-only open reads it
        assert current_version(store.conn) == LATEST_VERSION
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"events_claim_source", "events_claim_text", "events_chain"} <= names
        assert {r["trigger"] for r in store.events(Filters(claimed_by="SANA"))} == {"هجوما"}


# -- the CLI ------------------------------------------------------------------------------------------
def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def test_marsad_events_claimed_by(claims_db: Path) -> None:
    code, out, _ = run("events", "--db", str(claims_db), "--claimed-by", "روسيا", "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(r["source_chain"].split(" > ")[0] == "Russia" for r in rows)
    code, out, _ = run("events", "--db", str(claims_db), "--claimed-by", "Narnia Ministry")
    assert code == 0 and "no events match" in out


@pytest.fixture
def wide_console() -> Iterator[None]:
    """A 200-column table whatever the terminal running the tests: the CLI's consoles take their width at import,
    so ``COLUMNS`` given to the runner does not reach them, and at 80 columns a claimant's name wraps."""
    from marsad.cli import console

    consoles = (console.stdout, console.stderr)
    fixed = [c._width for c in consoles]
    for c in consoles:
        c.width = 200
    yield
    for c, width in zip(consoles, fixed, strict=True):
        c._width = width


@pytest.mark.usefixtures("wide_console")
def test_marsad_events_table_says_through_whom(claims_db: Path) -> None:
    code, out, _ = run("events", "--db", str(claims_db), "--claimed-by", "RT")
    flat = " ".join(out.split())
    assert code == 0 and "Russian Ministry of Defence via RT" in flat and "Russia via RT" in flat
    code, out, _ = run("events", "--db", str(claims_db), "--claimed-by", "سانا")
    assert "مصدر عسكري via SANA" in " ".join(out.split())


def test_marsad_events_refuses_a_claimant_without_a_name(claims_db: Path) -> None:
    code, out, err = run("events", "--db", str(claims_db), "--claimed-by", " ؟ ")
    assert code == 2 and "no events match" not in out and "names no claimant" in err
    code, out, _ = run("events", "--help")
    assert "--claimed-by" in out


# -- the API --------------------------------------------------------------------------------------------
@pytest.fixture
def client(claims_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(claims_db, source=StoreSource(claims_db, stages=["boilerplate"]))) as test_client:
        yield test_client


def test_api_events_and_their_exports_filter_by_claimant(client: TestClient) -> None:
    page = client.get("/api/events", params={"claimed_by": "سانا"}).json()
    assert page["total"] == 1 and page["items"][0]["trigger"]["text"] == "هجوما"
    everything = client.get("/api/events").json()["total"]
    assert 0 < client.get("/api/events", params={"claimed_by": "RT"}).json()["total"] < everything
    csv = client.get("/api/events.csv", params={"claimed_by": "المرصد السوري"}).text
    assert len(csv.strip().splitlines()) == 2 and OBSERVATORY in csv
    redirected = client.get("/api/events", params={"claimed_by": "سانا", "format": "jsonl"})
    assert [json.loads(line)["trigger"]["text"] for line in redirected.text.splitlines()] == ["هجوما"]
    summary = client.get("/api/events/summary", params={"claimed_by": "سانا"}).json()
    assert summary["types"] == {"ASSAULT": 1}
    timeline = client.get("/api/events/timeline", params={"claimed_by": "سانا"}).json()
    assert sum(d["count"] for d in timeline["days"]) == 1
    facets = client.get("/api/events/facets").json()
    assert {"value": OBSERVATORY, "count": 1} in facets["claimed_by"]


def test_api_claimed_by_is_bounded_and_never_sql(client: TestClient) -> None:
    assert client.get("/api/events", params={"claimed_by": "x" * 201}).status_code == 422
    # Punctuation alone names nobody: refused in the API's error shape, not answered "no events".
    refused = client.get("/api/events", params={"claimed_by": " ؟ "})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_request"
    assert refused.json()["error"]["message"].startswith("query.claimed_by:")
    # Blank is "any", as for every other filter (an empty field of the dashboard's form).
    assert client.get("/api/events", params={"claimed_by": " "}).json()["total"] == client.get(
        "/api/events").json()["total"]
    for value in ("'; DROP TABLE events; --", "\" OR 1=1 --"):
        response = client.get("/api/events", params={"claimed_by": value})
        assert response.status_code == 200 and response.json()["total"] == 0
    assert client.get("/api/events").json()["total"] > 0


def test_the_dashboard_form_has_the_claims_filter() -> None:
    from marsad.web.app import STATIC_DIR

    page = (STATIC_DIR / "index.html").read_text("utf-8")
    assert 'name="claimed_by"' in page
