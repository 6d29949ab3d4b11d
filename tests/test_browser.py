"""The dashboard in headless Chromium over a store holding the ingested seed and synthetic articles.

Skips with a reason when Chromium (Debian's ``chromium``) or Playwright is missing.
Screenshots go to ``test-artifacts/`` for a human to look at.
"""

from __future__ import annotations

import itertools
import math
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import httpx
import pytest

from conftest import ROOT, SEED_PATH
from webdata import HOSTILE_IMG, HOSTILE_SCRIPT, hostile_article, sample_documents

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The seed article reports events in these three places (lat, lon).
SEED_PLACES = {"Aleppo": (36.20, 37.16), "Khan Shaykhun": (35.44, 36.65), "Douma": (33.57, 36.40)}
SEED_REPAIRS = 38


# Bidi spoofing: a right-to-left override in the URL would show "https://evil.example/…"
# as a path that reads like another site, and one in the source would reorder the header after it.
RLO = "\u202e"
SPOOF_URL = f"https://evil.example/{RLO}moc.elgoog.www//:sptth"
SPOOF_SOURCE = f"{RLO}evil-source"
SPOOF_TITLE = f"خبر {RLO}عاجل Breaking"


def spoof_article() -> Any:
    from marsad.document import Document

    return Document("خبر قصير عن اجتماع في دمشق.", title=SPOOF_TITLE, url=SPOOF_URL, source=SPOOF_SOURCE,
                    published="2020-03-04")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Site:
    base: str
    seed_id: str
    api: httpx.Client

    def get(self, path: str, **params: Any) -> Any:
        response = self.api.get(path, params=params)
        response.raise_for_status()
        return response.json()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not CHROMIUM.exists():
        pytest.skip("headless Chromium not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install 'marsad[browser]')")
    import uvicorn

    from marsad.ingest import ingest
    from marsad.store.queries import open_store
    from marsad.web.app import create_app
    from marsad.web.security import loopback_hosts

    db = tmp_path_factory.mktemp("browser") / "dashboard.db"
    with open_store(db) as store:
        summary = ingest([str(SEED_PATH)], store, published="2019-12-12")
        assert summary.new == 1, summary.to_dict()
        store.add_many([doc.to_dict() for doc in [*sample_documents(), spoof_article()]])
        (seed_id,) = [d["id"] for d in store.documents(limit=10) if (d["published"] or "").startswith("2019-12-12")]
    port = _free_port()
    app = create_app(db, allowed_hosts=loopback_hosts("127.0.0.1"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    with httpx.Client(base_url=base, timeout=30) as api:
        yield Site(base=base, seed_id=seed_id, api=api)
    server.should_exit = True
    thread.join(timeout=10)


@dataclass
class Watch:
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    watch = Watch()

    def guard(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    tab = context.new_page()

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    yield tab, watch
    context.close()
    assert watch.dialogs == [], "a dialog fired"
    assert watch.outside == [], "a request left 127.0.0.1"
    assert watch.errors == [], "console errors"


def _open(tab: Any, site: Site, fragment: str, ready: str) -> None:
    # A full load each time, so a selector never matches what the previous view left behind.
    tab.goto("about:blank")
    tab.goto(f"{site.base}/{fragment}")
    tab.wait_for_selector("body[data-ready]", state="attached", timeout=15_000)
    tab.wait_for_selector(ready, state="attached", timeout=5_000)


def _shot(tab: Any, name: str, part: str | None = None) -> None:
    """A full-page screenshot, and one of ``part`` alone (long pages shrink too much to read)."""
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if part is not None:
        tab.locator(part).screenshot(path=str(ARTIFACTS / f"{name}-detail.png"))


# -- map, timeline, filters ---------------------------------------------------------------------
def test_map_has_a_marker_for_every_geocoded_event_place(page: tuple[Any, Watch], site: Site) -> None:
    tab, _ = page
    summary = site.get("/api/events/summary")
    expected = [p for p in summary["places"] if p["lat"] is not None]
    assert expected, "the fixture store has geocoded events"
    _open(tab, site, "#/", "#map circle.marker")
    markers = tab.locator("#map circle.marker")
    assert markers.count() == len(expected)
    assert tab.locator("#map path.country").count() > 5  # the base map drew borders
    biggest = max(expected, key=lambda p: p["count"])
    radii = {m.get_attribute("data-place"): float(m.get_attribute("r")) for m in markers.all()}
    assert radii[biggest["name"]] == max(radii.values())
    assert tab.locator("#timeline rect.bar").count() == len(summary["days"])
    _shot(tab, "dashboard", ".panels")
    # The other layer: every geocoded place mentioned, sized by its number of articles.
    mentioned = [p for p in site.get("/api/places", limit=500)["items"] if p["lat"] is not None]
    tab.check("#map-mentions")
    from playwright.sync_api import expect

    expect(tab.locator("#map circle.marker[data-type='mentioned']")).to_have_count(len(mentioned))
    _shot(tab, "places-map", "#map")


def test_seed_events_are_on_the_map_at_aleppo_khan_shaykhun_and_douma(page: tuple[Any, Watch], site: Site) -> None:
    tab, _ = page
    events = site.get("/api/events", limit=500)["items"]
    seed_points = [
        (e["place"]["lat"], e["place"]["lon"])
        for e in events
        if e["doc_id"] == site.seed_id and e["place"] and e["place"]["lat"] is not None
    ]

    def near(points: list[tuple[float, float]], where: tuple[float, float]) -> bool:
        return any(math.dist(p, where) < 0.3 for p in points)

    missing = [name for name, where in SEED_PLACES.items() if not near(seed_points, where)]
    if missing:
        pytest.skip(f"the pipeline produced no geocoded seed event at {', '.join(missing)} yet")
    _open(tab, site, "#/", "#map circle.marker")
    drawn = [
        (float(m.get_attribute("data-lat")), float(m.get_attribute("data-lon")))
        for m in tab.locator("#map circle.marker").all()
    ]
    for name, where in SEED_PLACES.items():
        assert near(drawn, where), f"no marker at {name}"
    _shot(tab, "seed-map", "#map")


def test_filters_change_the_event_table(page: tuple[Any, Watch], site: Site) -> None:
    tab, _ = page
    from playwright.sync_api import expect

    _open(tab, site, "#/", "#events-table tbody tr")
    total = site.get("/api/events", limit=1)["total"]
    rows = tab.locator("#events-table tbody tr")
    expect(rows).to_have_count(min(total, 50))
    tab.select_option("#f-type", "PROTEST")
    expect(rows).to_have_count(1)
    assert tab.locator("#events-table tbody tr").get_attribute("data-type") == "PROTEST"
    assert tab.locator("#map circle.marker").count() == 1
    assert "type=PROTEST" in tab.url
    tab.click("#f-reset")
    expect(rows).to_have_count(min(total, 50))
    tab.fill("#f-actor", "الدفاع المدني")
    tab.click("#filters button[type=submit]")
    expect(rows).to_have_count(1)
    assert tab.locator("#events-table tbody tr").get_attribute("data-type") == "AID"
    _shot(tab, "filtered")


def test_event_table_shows_confidence_and_filters_by_it(page: tuple[Any, Watch], site: Site) -> None:
    tab, _ = page
    from playwright.sync_api import expect

    _open(tab, site, "#/", "#events-table tbody tr")
    events = site.get("/api/events", limit=50)["items"]
    rows = tab.locator("#events-table tbody tr")
    expect(rows).to_have_count(len(events))
    # One confidence badge per row, in its own column: every row has as many cells as the header.
    assert rows.first.locator("td").count() == tab.locator("#events-table thead th").count()
    assert tab.locator("#events-table tbody .confidence").count() == len(events)
    unscored = [e for e in events if e["confidence"] is None]
    assert tab.locator("#events-table tbody .confidence-none").count() == len(unscored)
    merged = [e for e in events if e["mentions"] > 1]
    assert tab.locator("#events-table tbody .mentions").count() == len(merged)
    expected = site.get("/api/events", min_confidence=0.5, limit=1)["total"]
    tab.fill("#f-min-confidence", "0.5")
    tab.click("#filters button[type=submit]")
    tab.wait_for_function("location.hash.includes('min_confidence=0.5')")
    expect(rows).to_have_count(min(expected, 50))
    assert tab.input_value("#f-min-confidence") == "0.5"


# -- article view -------------------------------------------------------------------------------
def _distinct(tab: Any, attribute: str) -> int:
    return int(tab.evaluate(
        f"new Set([...document.querySelectorAll('#doc-text [{attribute}]')].map(e => e.getAttribute('{attribute}'))).size"
    ))


def test_article_view_highlights_every_repair(page: tuple[Any, Watch], site: Site) -> None:
    tab, _ = page
    doc = sample_documents()[0]
    _open(tab, site, f"#/doc/{doc.id}", "#doc-text .hl-repair")
    assert _distinct(tab, "data-repair") == len(doc.repairs) == 2
    assert tab.locator("#doc-text sup.fix").all_text_contents() == ["قصفت", "مقتل"]
    assert tab.locator("#doc-text").get_attribute("dir") == "rtl"
    assert tab.locator("#doc-events > li").count() == 3
    assert _distinct(tab, "data-trigger") == 3
    assert tab.locator("#doc-text .hl-place").count() == 3  # سراقب and إدلب twice
    _shot(tab, "article-synthetic", ".doc-layout")
    # An event row links to its evidence: the event is selected and its trigger marked.
    _open(tab, site, "#/?type=AID", "#events-table tbody tr")
    tab.locator("#events-table tbody tr a.doc-link").click()
    tab.wait_for_selector("#doc-events > li.selected", timeout=10_000)
    assert tab.locator("#doc-events > li.selected").get_attribute("data-event") == "1"
    assert tab.locator("#doc-text .flash").text_content() == "أخلى"


def test_seed_article_shows_all_its_repairs(page: tuple[Any, Watch], site: Site) -> None:
    tab, _ = page
    stored = site.get(f"/api/documents/{site.seed_id}")
    if not stored["repairs"]:
        pytest.skip("the repair stage produced no repairs for the seed")
    _open(tab, site, f"#/doc/{site.seed_id}", "#doc-text .hl-repair")
    assert _distinct(tab, "data-repair") == len(stored["repairs"])
    assert tab.locator("#doc-repairs tbody tr").count() == len(stored["repairs"])
    _shot(tab, "article-seed", "#doc-text")
    if len(stored["repairs"]) != SEED_REPAIRS:
        pytest.skip(f"the repair stage found {len(stored['repairs'])} of the seed's {SEED_REPAIRS} repairs")


def test_place_and_entity_pages(page: tuple[Any, Watch], site: Site) -> None:
    tab, _ = page
    _open(tab, site, "#/", "#map circle.marker[data-place-id='test:douma']")
    tab.locator("#map circle.marker[data-place-id='test:douma']").click()
    tab.wait_for_selector("#view-place:not([hidden]) #place-events tbody tr")
    assert tab.locator("#place-title").text_content() in ("دوما", "Dūmā")
    assert tab.locator("#place-events tbody tr").count() == len(site.get("/api/places/test:douma")["events_list"])
    _open(tab, site, "#/entities", "#list-table tbody tr")
    tab.locator("#list-table a", has_text="الدفاع المدني").first.click()
    tab.wait_for_selector("#view-entity:not([hidden]) #entity-events tbody tr")
    assert tab.locator("#entity-events tbody tr").count() == 1
    _shot(tab, "entity")


# -- hostile input ------------------------------------------------------------------------------
def test_hostile_article_stays_text_everywhere(page: tuple[Any, Watch], site: Site) -> None:
    tab, watch = page
    doc = hostile_article()
    for fragment, ready in (
        ("#/", "#events-table tbody tr"),
        ("#/documents", "#list-table tbody tr"),
        ("#/entities", "#list-table tbody tr"),
        ("#/places", "#list-table tbody tr"),
        (f"#/doc/{doc.id}", "#doc-text .hl-repair"),
        ("#/search?q=تجريبية", "#list-table tbody tr"),
        (f"#/place/{quote(doc.places[0].id or '', safe='')}", "#place-events tbody tr"),
        (f"#/entity/{quote(HOSTILE_IMG, safe='')}?type=ORG", "#entity-docs li"),
    ):
        _open(tab, site, fragment, ready)
        assert tab.evaluate("window.__pwned") is None, fragment
        assert tab.locator("#view-list img, #view-document img, #view-dashboard img, main script").count() == 0
        hrefs = tab.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href') || '')")
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript")], fragment
    # The markup is shown as the text it is.
    _open(tab, site, f"#/doc/{doc.id}", "#doc-text .hl-repair")
    assert HOSTILE_SCRIPT in (tab.locator("#doc-text").text_content() or "")
    assert HOSTILE_SCRIPT in (tab.locator("#doc-title").text_content() or "")
    assert tab.locator("#doc-meta a").count() == 0  # the javascript: URL is not a link
    _shot(tab, "hostile-article", ".doc-layout")
    assert watch.dialogs == []


def test_document_header_fields_are_each_bidi_isolated(page: tuple[Any, Watch], site: Site) -> None:
    tab, _ = page
    doc = spoof_article()
    _open(tab, site, f"#/doc/{doc.id}", "#doc-meta [data-field=url]")
    fields = tab.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#view-document [data-field]')]
        .map(e => [e.dataset.field, {text: e.textContent, bidi: getComputedStyle(e).unicodeBidi,
                                     tag: e.tagName.toLowerCase(), href: e.getAttribute('href'),
                                     left: e.getBoundingClientRect().left, right: e.getBoundingClientRect().right}]))""")
    assert set(fields) == {"title", "published", "source", "url", "id"}
    for name, found in fields.items():
        assert found["bidi"] == "isolate", (name, found)
    assert fields["title"]["text"] == SPOOF_TITLE and fields["source"]["text"] == SPOOF_SOURCE
    assert fields["published"]["text"] == "2020-03-04" and fields["id"]["text"] == doc.id
    # The URL reads in its real order: the override is shown as a visible mark, not obeyed.
    assert RLO not in fields["url"]["text"]
    assert fields["url"]["text"] == SPOOF_URL.replace(RLO, "⟨U+202E⟩")
    assert fields["url"]["tag"] == "a" and fields["url"]["href"].startswith("https://evil.example/")
    # Laid out right to left in the header's order: no field's controls moved the ones after it.
    order = [fields[name] for name in ("published", "source", "url", "id")]
    for before, after in itertools.pairwise(order):
        assert after["right"] <= before["left"] + 1, (before, after)
    _shot(tab, "bidi-header", "#doc-meta")


def test_names_from_articles_are_isolated_in_lists_and_tables(page: tuple[Any, Watch], site: Site) -> None:
    tab, _ = page
    _open(tab, site, "#/documents", "#list-table tbody tr")
    # Every cell holding article text puts it in an isolate of its own (the link, or a <bdi>).
    loose = tab.evaluate("""() => [...document.querySelectorAll('#list-table tbody td')].filter(td => {
        const inner = td.querySelector('a, bdi, span[dir]');
        return !inner || getComputedStyle(inner).unicodeBidi !== 'isolate';
      }).map(td => td.textContent).filter(t => !/^[0-9]+$/.test(t))""")
    assert loose == []
    sources = tab.locator("#list-table tbody bdi").all_text_contents()
    assert SPOOF_SOURCE in sources
