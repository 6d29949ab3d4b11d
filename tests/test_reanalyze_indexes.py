"""A running server's name and label indexes follow a re-analysis (round 32, branch ux32b).

The indexes read only the rows added since their last look; a re-analysis deletes a document's
rows and appends the new ones, so the names only the old rows had stayed until a restart, and a
place name the new analysis no longer writes still resolved to the place it went with.  The
documents are written by hand (no pipeline): what is checked is the indexes, not an analysis.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from marsad.document import Document
from marsad.store.analysis import AnalysisStamp
from marsad.store.labels import NameIndexes
from marsad.store.queries import open_store, prepare_document
from marsad.store.quotes import SpeakerIndex
from marsad.web.app import create_app
from marsad.web.store_source import StoreSource

# Round 31's misreading, replayed: "a local source quoted as saying" placed in Kavála by its word محلي.
MISREAD = "ونقلت الوكالة عن مصدر محلي قوله إن اشتباكات اندلعت قرب الحدود."
PLACED = "قالت الشرطة إن اشتباكات اندلعت في مدينة كافالا شمال اليونان."
STAMP = AnalysisStamp(key="k-new", build="0.0.0+new", description=json.dumps({"build": "0.0.0+new"}))


def analysed(text: str, n: int, written: str | None, *, entity: str | None = None,
             speaker: str | None = None) -> dict[str, Any]:
    """A document of ``text`` with one clash event placed in Kavála by the word ``written`` (None: no event),
    ``entity`` as a location entity and a quote of ``speaker`` (its words: from the trigger on)."""
    doc = Document(text, url=f"https://news.example/{n}", published="2020-05-01").to_dict()
    trigger = text.index("اشتباكات")
    if written is not None:
        at = text.index(written)
        doc["events"] = [{
            "type": "FIGHT", "mode": None, "trigger": {"start": trigger, "end": trigger + 8, "text": "اشتباكات"},
            "actor": None, "target": None,
            "place": {"name": "Kavala", "id": "geonames:736928", "lat": 40.94, "lon": 24.41, "text": written,
                      "start": at, "end": at + len(written), "precision": 4},
            "date": None, "status": "reported", "source": None, "chain": [], "figures": [], "confidence": None,
            "id": None, "mentions": [], "chain_spans": []}]
    if entity is not None:
        at = text.index(entity)
        doc["entities"] = [{"text": entity, "type": "LOC", "start": at, "end": at + len(entity), "canonical": None,
                            "id": None, "confidence": None}]
    if speaker is not None:
        at, end = text.index(speaker), len(text) - 1
        doc["quotes"] = [{"start": 0, "end": end, "cue": {"start": 0, "end": 5, "text": text[:5]},
                          "speaker": {"start": at, "end": at + len(speaker), "text": speaker, "canonical": None},
                          "content": {"start": trigger, "end": end, "text": text[trigger:end]}, "direct": False,
                          "chain": [speaker], "speaker_reason": None, "chain_spans": []}]
    return doc


def test_a_name_a_reanalysis_removed_no_longer_matches_on_a_running_server(tmp_path: Path) -> None:
    db = tmp_path / "served.db"
    with open_store(db) as store:
        store.add_many([analysed(MISREAD, 0, "محلي", entity="محلي", speaker="مصدر محلي"), analysed(PLACED, 1, "كافالا")])
    with TestClient(create_app(db, source=StoreSource(db))) as client:
        def places(name: str) -> list[str]:
            items = client.get("/api/events", params={"place": name, "limit": "50"}).json()["items"]
            return sorted(e["doc_id"] for e in items)

        misread, placed = (analysed(MISREAD, 0, None)["id"], analysed(PLACED, 1, None)["id"])
        # محلي was written for Kavála: it stands for the place, so it finds both of its events.
        assert places("محلي") == sorted([misread, placed])
        entities = client.get("/api/entities", params={"q": "محلي"}).json()
        assert [e["name"] for e in entities["items"]] == ["محلي"]
        # The store's own indexes (what `marsad events` / `marsad entities` use) as well.
        names, speakers = NameIndexes(), SpeakerIndex()
        with open_store(db) as store:
            assert json.loads(names.entities.containing_json(store.conn, "محلي")) == ["محلي"]
            assert json.loads(speakers.matching_json(store.conn, "speaker", "مصدر")) == ["مصدر محلي"]

        # The re-analysis (what `marsad reanalyze` writes) no longer reads محلي as a place.
        with open_store(db) as store:
            (seq,) = [s for s in store.reanalysis_targets(None)
                      if store.stored_original(s)["id"] == misread]  # type: ignore[index]
            assert store.replace_analysis(seq, MISREAD, prepare_document(analysed(MISREAD, 0, None)), STAMP)

        # The running server forgets it: محلي names no place any more, so it finds nothing ...
        assert places("محلي") == []
        assert client.get("/api/entities", params={"q": "محلي"}).json()["items"] == []
        with open_store(db) as store:
            assert json.loads(names.entities.containing_json(store.conn, "محلي")) == []
            assert json.loads(speakers.matching_json(store.conn, "speaker", "مصدر")) == []
        # ... while the place keeps its own names.
        assert places("كافالا") == [placed]
        assert places("Kavala") == [placed]
