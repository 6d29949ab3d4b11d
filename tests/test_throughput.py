"""Throughput work (issue 17) that must not change results: clustering at insert, analysis in workers,
record copies without dataclasses.asdict."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from typer.testing import CliRunner

from marsad.cli import app
from marsad.document import ANNOTATION_TYPES, Document, Quote
from marsad.ingest import ingest
from marsad.pipeline import Pipeline
from marsad.store import open_store
from store_corpus import article, syndicated


def test_documents_are_written_once_with_their_cluster_id(tmp_path: Path) -> None:
    story = article(1)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in [("a", syndicated(story, "أ")), ("b", syndicated(story, "ب")), ("c", article(2))]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    statements: list[str] = []
    with open_store(tmp_path / "m.db") as store:
        store.conn.set_trace_callback(statements.append)
        summary = ingest([str(p) for p in sorted(folder.iterdir())], store, Pipeline.build(["boilerplate"]))
        store.conn.set_trace_callback(None)
        assert summary.new == 3
        rows = store.conn.execute("SELECT cluster_id FROM documents ORDER BY seq").fetchall()
        sizes = dict(store.conn.execute("SELECT id, size FROM clusters").fetchall())
        assert store.check() == []
    ids = [row[0] for row in rows]
    assert None not in ids
    assert ids[0] == ids[1] != ids[2]  # the two copies of one story, and another story
    assert sizes == {ids[0]: 2, ids[2]: 1}
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE DOCUMENTS")]


def test_to_dict_copies_records_as_asdict_did() -> None:
    doc = Document("قال الوزير إن الاجتماع انتهى.", id="d1")
    cue = {"start": 0, "end": 3, "text": "قال"}
    doc.quotes.append(Quote(0, 10, cue, {"start": 4, "end": 10, "text": "الوزير", "ids": ["a"]},
                            {"start": 11, "end": 26, "text": "إن الاجتماع انتهى"}, False, ["x"]))
    data = doc.to_dict()
    for name in ANNOTATION_TYPES:
        assert data[name] == [asdict(record) for record in getattr(doc, name)]
    # A deep copy: changing the dict leaves the document as it was.
    data["quotes"][0]["cue"]["text"] = "changed"
    data["quotes"][0]["speaker"]["ids"].append("b")
    data["quotes"][0]["chain"].append("y")
    assert cue["text"] == "قال" and doc.quotes[0].speaker == {"start": 4, "end": 10, "text": "الوزير", "ids": ["a"]}
    assert doc.quotes[0].chain == ["x"]


def test_analyze_workers_print_what_one_process_prints(tmp_path: Path) -> None:
    articles = tmp_path / "in.jsonl"
    articles.write_text("".join(json.dumps({"url": f"https://news.example/{i}", "content": article(i)},
                                           ensure_ascii=False) + "\n" for i in range(6)), encoding="utf-8")
    runner = CliRunner()
    args = ["analyze", "--json", "--stages", "boilerplate,repair", str(articles), str(tmp_path / "missing.txt")]
    one = runner.invoke(app, args)
    two = runner.invoke(app, [*args, "--workers", "2"])
    assert one.exit_code == two.exit_code == 1  # the missing file is reported, the rest is analysed
    lines = one.stdout.splitlines()
    assert len(lines) == 6 and two.stdout.splitlines() == lines
    assert "missing.txt" in two.stderr


# -- lookups by length and the place scan: the same answers as the loops they replace ---------------


def _reference_readings(word: str, suffixes: bool) -> list[tuple[str, str, str]]:
    """Clitic readings as the tokenizer computed them before: one ``startswith`` per clitic."""
    from marsad.text.tokenize import _clitics

    prefixes, enclitics, min_stem = _clitics()
    found = [("", word, "")]
    for prefix in ("", *prefixes):
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix) :]
        for suffix in ("", *(enclitics if suffixes else ())):
            if suffix and not rest.endswith(suffix):
                continue
            stem = rest[: len(rest) - len(suffix)] if suffix else rest
            if len(stem) >= min_stem and (prefix, stem, suffix) not in found:
                found.append((prefix, stem, suffix))
    return found


def _clitic_words() -> list[str]:
    """Every proclitic sequence and enclitic around long, short and empty stems, and the clitics alone."""
    from marsad.text.tokenize import _clitics

    prefixes, enclitics, _ = _clitics()
    words = {p + stem + s for p in ("", *prefixes) for s in ("", *enclitics) for stem in ("كتاب", "قصف", "ا", "")}
    return sorted(words | {"والي", "للها", "بالله", "1300", "x"})


def test_clitic_readings_by_length_match_the_startswith_loop() -> None:
    from marsad.text.tokenize import readings

    words = _clitic_words()
    assert len(words) > 500
    for word in words:
        for suffixes in (True, False):
            got = [(r.prefix, r.stem, r.suffix) for r in readings(word, suffixes=suffixes)]
            assert got == _reference_readings(word, suffixes), word


def test_attribution_clitics_by_length_keep_the_table_order() -> None:
    from marsad.attribution import lexicon

    for word in _clitic_words():
        expected = [p for p in lexicon._PROCLITICS if word.startswith(p)]
        assert lexicon._leading_proclitics(word) == expected, word
        assert lexicon.strip_proclitics(word) == (
            word,
            *(word[len(p) :] for p in expected if len(word) - len(p) >= 2),
        )
        assert lexicon._trailing_enclitics(word) == [s for s in lexicon._ENCLITICS if word.endswith(s)], word
    # triggers behind proclitic sequences and before pronouns; a stem too short for both
    verb = lexicon.lookup_trigger("فقصفته")
    assert verb is not None and verb.type == "ASSAULT" and verb.verbal
    noun = lexicon.lookup_trigger("وبالهجوم")
    assert noun is not None and noun.type == "ASSAULT" and not noun.verbal
    assert lexicon.lookup_trigger("وقصفها") is None  # و+قصف+ها leaves three letters


def _reference_names(text: str) -> list[tuple[int, int, str, str]]:
    """The place scan as it was: every token tried, every name extended to the longest name length."""
    from marsad.geo.gazetteer import default_gazetteer
    from marsad.geo.names import fold_word
    from marsad.geo.scan import name_readings
    from marsad.text.tokenize import tokens

    gaz = default_gazetteer()
    toks = list(tokens(text))
    found: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(toks):
        best: tuple[int, int, str, str, int] | None = None
        for prefix, stem in name_readings(toks[i].text):
            key = fold_word(stem, initial=True)
            if key not in gaz.first_words:
                continue
            j = i
            while True:
                refused = j == i and prefix and prefix in gaz.prefix_words.get(key, ())
                if key in gaz.names and (best is None or j > best[4]) and not refused:
                    best = (toks[i].start + len(prefix), toks[j].end, key, prefix, j)
                gap = text[toks[j].end : toks[j + 1].start] if j + 1 < len(toks) else ""
                if j + 1 >= len(toks) or j - i + 1 >= gaz.max_words or not gap.isspace() or "\n" in gap:
                    break
                j += 1
                key = f"{key} {fold_word(toks[j].text, initial=False)}"
        if best is None:
            i += 1
        else:
            found.append(best[:4])
            i = best[4] + 1
    return found


def test_place_scan_finds_what_the_full_scan_found() -> None:
    from marsad.geo.gazetteer import default_gazetteer
    from marsad.geo.scan import find_names
    from marsad.text.normalize import normalize

    seed = (Path(__file__).parents[1] / "src/marsad/samples/seed-aleppo-2019-12-12.txt").read_text(encoding="utf-8")
    text = normalize(
        seed + "\nقصفت الطائرات ريف دمشق وخان شيخون وبلدة أبو الظهور في ريف إدلب الجنوبي، ومدينة "
        "الرياض والمملكة العربية السعودية ودير الزور والولايات المتحدة الأمريكية وسان فرانسيسكو."
    )
    got = [(m.start, m.end, m.key, m.prefix) for m in find_names(default_gazetteer(), text)]
    assert got == _reference_names(text)
    keys = {key for _s, _e, key, _p in got}
    assert {"ريف دمشق", "خان شيخون"} <= keys
    assert any(" " in key and len(key.split()) >= 3 for key in keys)  # a name of three words or more


def test_previous_word_found_from_the_right_is_the_forward_searchs() -> None:
    import random

    import regex

    from marsad.stages.places import _previous_word
    from marsad.text.normalize import normalize

    forward = regex.compile(r"(\p{L}[\p{L}\p{M}]*)[\s\p{M}]*$")

    def reference(text: str, start: int) -> str | None:
        match = forward.search(text[max(0, start - 40) : start])
        return normalize(match.group(1)) if match else None

    pieces = [*"كتب ابو", "\u064e", "\u064b", "\u0651", "\u00a0", "\t", "\u200f", "\u200c", "،", "1", "\n", "a"]
    rng = random.Random(17)
    texts = ["ab \u064e", "\u064e\u064e", "كتب\u064e  \u064e", "قصف في  ", "كتب، ", "x" * 50 + " مدينة "]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(12))) for _ in range(20_000)]
    for text in texts:
        assert _previous_word(text, len(text)) == reference(text, len(text)), repr(text)
    assert _previous_word("قصفت الطائرات مدينةَ حلب", 20) == "مدينه"
    assert _previous_word("ab \u064e", 4) == "ab"  # marks alone after the space belong to no word


def _token_texts() -> list[str]:
    """Real text (the seed article) and random strings of words, digits, marks, joiners and punctuation."""
    import random

    seed = (Path(__file__).parents[1] / "src/marsad/samples/seed-aleppo-2019-12-12.txt").read_text(encoding="utf-8")
    pieces = [*"كتب ابو", "ab", "12", ".", "3.5", ",", ":", "!", "?", "؟", "…", "\n", "\n\n", " ", "\t", "«", "»",
              "\u064e", "\u0640", "\u200c", "\u200d", "٣", "\u00a0", "-"]
    rng = random.Random(23)
    texts = ["", " ", "\n", "كلمة", seed, " ".join(["كلمة"] * 300), "كلمة " * 119 + ". " + "x " * 250]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(40))) for _ in range(5_000)]
    return texts


def test_word_tokens_from_one_split_are_finditers() -> None:
    from marsad.text.tokenize import WORD_RE, Token, tokens

    for text in _token_texts():
        got = list(tokens(text))
        assert got == [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)], repr(text)
        assert all(type(tok) is Token and text[tok.start : tok.end] == tok.text for tok in got)


def test_ner_sentences_from_one_split_are_the_line_by_line_loops() -> None:
    from marsad.ner.tokens import MAX_SENTENCE_TOKENS, SENTENCE_END, TOKEN_RE, Tok, sentences

    def reference(text: str, start: int, stop: int) -> list[list[tuple[int, int, str]]]:
        out: list[list[tuple[int, int, str]]] = []
        line_start = start
        while line_start < stop:
            line_end = text.find("\n", line_start, stop)
            line_end = stop if line_end < 0 else line_end
            current: list[tuple[int, int, str]] = []
            for match in TOKEN_RE.finditer(text, line_start, line_end):
                current.append((match.start(), match.end(), match.group()))
                if match.group() in SENTENCE_END or len(current) >= MAX_SENTENCE_TOKENS:
                    out.append(current)
                    current = []
            if current:
                out.append(current)
            line_start = line_end + 1
        return out

    for text in _token_texts():
        windows = [(0, len(text)), (len(text) // 3, len(text) // 2), (2, max(2, len(text) - 1))]
        for start, stop in windows:
            got = list(sentences(text, start, stop) if (start, stop) != (0, len(text)) else sentences(text))
            assert got == reference(text, start, stop), (repr(text), start, stop)
            assert all(type(tok) is Tok for sent in got for tok in sent)
    long = list(sentences("كلمة " * 250))
    assert [len(s) for s in long] == [120, 120, 10]


def test_one_tokenisation_gives_the_tagger_sentences_and_the_scan_words() -> None:
    """The entities and places stages share one split of the matching view: its sentences are
    ``sentences``' and its words are ``tokens``' (marks, digits and joiners included)."""
    from marsad.document import Document
    from marsad.ner.tokens import Tokenized, matching_tokens, sentences
    from marsad.text.tokenize import tokens

    texts = [*_token_texts(), "قال: «حلب» ١٢,٥ % و 3.5 - ؟ …", "؛", "5"]
    marks = 0
    for text in texts:
        split = Tokenized(text)
        assert split.words == list(tokens(text)), repr(text)
        assert split.sentences == [s for s in sentences(text) if s], repr(text)
        marks += sum(len(s) for s in split.sentences) - len(split.words)
    assert marks > 1000  # the texts hold marks to leave out
    doc = Document("قال الوزير في حلب: «نعم».")
    first = matching_tokens(doc)
    assert matching_tokens(doc) is first  # kept with the document
    assert [t.text for t in first.words] == ["قال", "الوزير", "في", "حلب", "نعم"]


def test_word_pair_table_finds_exactly_the_pair_attributes() -> None:
    from marsad.ner.features import _pair_table

    ids = {"-1w|stem=ا|ب": 0, "-1w|stem=ا|ب|ج": 1, "-1w|stem=x||y": 2, "stem|+1w=ا|ب": 3, "w=ا": 4}
    table = _pair_table(ids, "-1w|stem=")
    lefts = ["ا", "ا|ب", "x", "x|", "ب", ""]
    rights = ["ب", "ج", "ب|ج", "|y", "y", "ا"]
    for left in lefts:
        for right in rights:
            expected = ids.get("-1w|stem=" + left + "|" + right)
            assert table.get(left, {}).get(right) == expected, (left, right)


def test_a_document_the_pipeline_is_done_with_is_freed_without_the_garbage_collector() -> None:
    """The stages' shared analyses refer back to the document (and the attribution analysis and its
    phrase finder to each other): kept after the last stage, every analysed document was cyclic garbage
    that the collector's young-generation passes walked (9 % of the CPU of a run)."""
    import gc

    from conftest import SEED_PATH

    pipeline = Pipeline.build()
    text = SEED_PATH.read_text(encoding="utf-8")
    pipeline(Document(text, published="2019-12-12"))  # resources loaded, caches warm
    gc.collect()
    gc.disable()
    try:
        doc = pipeline(Document(text, published="2019-12-12"))
        assert doc.quotes and doc.events and doc.entities  # the analyses were built and read
        assert doc.derived("probe", 0, lambda d: 1) == 1 and len(doc._derived) == 1  # only the probe left
        del doc
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert unreachable == 0


def test_organisation_pair_checked_from_its_second_word_is_the_full_check() -> None:
    import random

    from marsad.geo.scan import name_readings
    from marsad.stages.places import _org_cues, _org_pair_before
    from marsad.text.normalize import normalize
    from marsad.text.tokenize import tokens

    def reference(text: str, first_token: int) -> bool:
        toks = list(tokens(text))
        if first_token < 2:
            return False
        first, second, name = toks[first_token - 2], toks[first_token - 1], toks[first_token]
        if not (text[first.end : second.start].isspace() and text[second.end : name.start].isspace()):
            return False
        before = _org_cues("name")[0]
        return any(f"{stem} {second.text}" in before for _prefix, stem in name_readings(first.text))

    pairs = sorted(cue for cue in _org_cues("name")[0] if " " in cue)
    assert pairs  # (the data file has two-word names: the check has something to find)
    words = [w for pair in pairs for w in pair.split()] + ["ل" + pairs[0].split()[0], "في", "مدينه", "قال"]
    rng = random.Random(5)
    texts = [normalize(f"{pair} باتون روج") for pair in pairs] + [normalize("لشرطة ولاية لويزيانا")]
    texts += [" ".join(rng.choice(words) for _ in range(3)) + " حلب" for _ in range(2_000)]
    found = 0
    for text in texts:
        toks = list(tokens(text))
        for i in range(len(toks)):
            expected = reference(text, i)
            assert _org_pair_before(text, toks, i) == expected, (text, i)
            found += expected
    assert found >= len(pairs) + 1


def test_priors_kept_per_entry_give_fresh_reasons_each_time() -> None:
    from marsad.geo.gazetteer import default_gazetteer
    from marsad.geo.resolve import Context, score_candidates

    gaz = default_gazetteer()
    indexes = gaz.names["حلب"]
    first = score_candidates(gaz, indexes, Context("settlement"))
    kept = [(s.index, s.score, list(s.reasons), dict(s.findings)) for s in first]
    for scored in first:  # a caller may change what it was given
        scored.reasons.append("changed")
        scored.findings["population"] = 99.0
    again = score_candidates(gaz, indexes, Context("settlement"))
    assert [(s.index, s.score, s.reasons, s.findings) for s in again] == kept
    assert any(r.startswith("population ") for r in again[0].reasons)


def test_acceptance_bar_of_a_hand_made_gazetteer_with_lists() -> None:
    from marsad.geo.gazetteer import Entry, Gazetteer
    from marsad.stages.places import Mention, _threshold

    town = Entry("t1", "Town", "بلده", 36.0, 37.0, "SY", "SY.01", "locality", 9_999, 1, False)
    abroad = town._replace(id="t2", country="FR", admin1="FR.01")
    for entries, bar in (([town], 1.0 + 0.6 * 4.0), ([abroad], 1.0 + 0.6 * 4.0 - 0.5)):
        gaz = Gazetteer(entries=entries, names={"بلده": [0]})  # type: ignore[dict-item]
        assert abs(_threshold(gaz, Mention(0, 4, "بلده", [0])) - bar) < 1e-9  # type: ignore[arg-type]
        assert _threshold(gaz, Mention(0, 4, "بلده", (0,))) == _threshold(gaz, Mention(0, 4, "بلده", [0]))  # type: ignore[arg-type]
