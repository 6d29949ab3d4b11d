"""Faster formulations of hot loops (issue 17) decide exactly as the plain loops they replace."""

from __future__ import annotations

import random

import numpy as np

from marsad.ner.linear_crf import LinearChainCrf


def _reference_viterbi(emissions: list[list[float]], transition: list[list[float]]) -> list[int]:
    """crfsuite's ``crf1dc_viterbi`` as written: for each label, previous labels in order, a strict '<'."""
    size = len(transition)
    score = list(emissions[0])
    back: list[list[int]] = [[0] * size]
    for row in emissions[1:]:
        current, pointers = [], []
        for j in range(size):
            best, arg = -np.inf, -1
            for i in range(size):
                candidate = score[i] + transition[i][j]
                if best < candidate:
                    best, arg = candidate, i
            current.append(best + row[j])
            pointers.append(arg)
        score = current
        back.append(pointers)
    best, label = -np.inf, -1
    for j in range(size):
        if best < score[j]:
            best, label = score[j], j
    path = [label]
    for t in range(len(emissions) - 1, 0, -1):
        label = back[t][label]
        path.append(label)
    return path[::-1]


def test_viterbi_decides_every_tie_and_sum_as_crfsuite_does() -> None:
    rng = random.Random(17)
    size = 9
    labels = [f"L{j}" for j in range(size)]
    for case in range(300):
        # Small integers make ties frequent (the first best label must win); real weights make the
        # rounding of long sums matter (the additions must be made in crfsuite's order).
        if case % 2:
            transition = [[float(rng.randint(-2, 2)) for _ in range(size)] for _ in range(size)]
            emissions = [[float(rng.randint(-3, 3)) for _ in range(size)] for _ in range(rng.randint(1, 40))]
        else:
            transition = [[rng.uniform(-9, 9) for _ in range(size)] for _ in range(size)]
            emissions = [[rng.uniform(-30, 30) for _ in range(size)] for _ in range(rng.randint(1, 400))]
        crf = LinearChainCrf(labels, [], np.zeros((1, size)), np.array(transition))
        assert crf.viterbi(np.array(emissions)) == _reference_viterbi(emissions, transition), case
    empty = LinearChainCrf(labels, [], np.zeros((1, size)), np.zeros((size, size)))
    assert empty.viterbi(np.zeros((0, size))) == []


def _news_like(rng: random.Random, size: int, steps: int, integers: bool) -> tuple[list[list[float]], list[list[float]]]:
    """Transitions and emissions shaped like a name tagger's on news text: label 1 is ``O``, most
    steps plainly ``O`` (so the chain coalesces), entering a name's inside label from ``O`` dear."""
    def draw(low: float, high: float) -> float:
        return float(rng.randint(int(low), int(high))) if integers else rng.uniform(low, high)

    transition = [[draw(-4, 4) for _ in range(size)] for _ in range(size)]
    for j in range(2, size, 2):  # the "inside" labels: cheap from their own "begin" label only
        for i in range(size):
            transition[i][j] = draw(-12, -6) if i not in (j, j - 1) else draw(2, 6)
    emissions = []
    for _ in range(steps):
        plain = rng.random() < 0.75
        emissions.append([draw(8, 20) if (j == 1 and plain) else draw(-6, 6) for j in range(size)])
    return emissions, transition


def test_viterbi_in_pieces_decides_as_the_serial_loop() -> None:
    """Long sequences are decoded in pieces cut where the chain runs through ``O``
    (``marsad.ner.viterbi_segments``): the path must be the serial loop's, every cut guess that does
    not hold must be found and joined, and a near-tie must send the sequence back to the serial loop."""
    from marsad.ner.viterbi_segments import MIN_STEPS, viterbi_segments

    rng = random.Random(1713)
    size = 9
    labels = ["B-A", "O", "I-A", "B-B", "I-B", "B-C", "I-C", "B-D", "I-D"]
    in_pieces = fell_back = 0
    for case in range(240):
        integers = case % 3 == 0  # small integers: ties everywhere, which the checks must catch
        emissions, transition = _news_like(rng, size, rng.randint(MIN_STEPS, 700), integers)
        if case % 5 == 4:  # transitions that defeat most cut guesses
            transition = [[rng.uniform(-9, 9) for _ in range(size)] for _ in range(size)]
        crf = LinearChainCrf(labels, [], np.zeros((1, size)), np.array(transition))
        expected = _reference_viterbi(emissions, transition)
        path = viterbi_segments(np.array(emissions), np.array(transition), 1)
        if path is None:
            fell_back += 1
        else:
            in_pieces += 1
            assert path == expected, case
        assert crf.viterbi(np.array(emissions)) == expected, case
    # Most real-valued cases are decided in pieces; the integer ones hold exact ties on the path.
    assert in_pieces >= 120, in_pieces
    assert fell_back >= 40, fell_back


def test_attribute_columns_of_short_sentences_hold_their_feature_strings() -> None:
    """Neighbour features are shifted rows: none may leak across a sentence boundary, however short the
    sentences (one, two and three tokens side by side)."""
    import pytest

    from marsad.ner.crf import default_model
    from marsad.ner.dictionary import default_matcher
    from marsad.ner.features import AttributeColumns, sentence_features
    from marsad.text.normalize import normalize

    model = default_model()
    if model is None:
        pytest.skip("no packaged NER model")
    crf, _ = model._scorer()
    ids = dict(crf.attribute_ids)
    vocabulary = [normalize(w) for w in ["قال", "الرئيس", "السوري", "بشار", "الأسد", "في", "دمشق", "إن", "وزارة", "الخارجية", ".", "،", "وزير"]]
    rng = random.Random(17)
    matcher = default_matcher()
    for _ in range(60):
        words = [[rng.choice(vocabulary) for _ in range(rng.choice((1, 1, 2, 3, 5)))] for _ in range(rng.randint(1, 8))]
        hits = [matcher.hits(w) for w in words]
        matrix = AttributeColumns(ids, len(ids)).columns(words, hits)
        expected = [[ids[f] for f in feats if f in ids] for sent, found in zip(words, hits, strict=True)
                    for feats in sentence_features(sent, None, found)]
        assert [[int(i) for i in row if i != len(ids)] for row in matrix] == expected, words


def test_forms_read_as_a_name_start_invert_the_readings() -> None:
    """``may_start`` of :func:`spread_names` is built from the readings' inverse: a word reads as a name
    start exactly when it is one of the forms written for that start (every string of 1–5 letters over
    the particles' letters, the article's and two others)."""
    from itertools import product

    from marsad.ner.consistency import _forms_read_as, _split_readings

    letters = "وبلفكاسن"
    words = {"".join(p) for size in range(1, 6) for p in product(letters, repeat=size)}
    read_as: dict[str, set[str]] = {}
    for word in words:
        for reading in _split_readings(word):
            read_as.setdefault(reading, set()).add(word)
    for reading, readers in read_as.items():
        forms = _forms_read_as(reading)
        assert forms & words == readers, reading
        assert all(reading in _split_readings(form) for form in forms), reading


def test_normalisation_by_code_point_list_is_the_character_table() -> None:
    """``normalize`` and the view translate by a list indexed by code point: every character (and
    one beyond the list, and beyond the BMP) comes out as the table and the presentation forms say."""
    from marsad.text.normalize import _fold, _tables, normalize, normalize_view

    table = _tables()[0]
    changed = 0
    for code in [*range(0x10000), 0x1F600, 0x10FFFF]:
        char = chr(code)
        expected = _fold(char, table) + "ب"
        assert normalize(char + "ب") == expected, hex(code)
        view = normalize_view("ا" + char + "ب")
        assert view.text == "ا" + expected, hex(code)
        changed += expected != char + "ب"
    assert changed > 800  # the table and the presentation forms change many characters (832)


def test_dictionary_hits_of_many_sentences_are_each_sentences_own() -> None:
    """One automaton pass over an article's sentences gives each sentence the hits, in the order,
    that its own pass gives — names at sentence edges, names split by a sentence boundary, empty
    sentences and the seed article included."""
    from pathlib import Path

    from marsad.ner.dictionary import default_matcher
    from marsad.ner.tokens import sentences
    from marsad.text.normalize import normalize

    matcher = default_matcher()
    seed = (Path(__file__).parents[1] / "src/marsad/samples/seed-aleppo-2019-12-12.txt").read_text(encoding="utf-8")
    seed_sentences = [[normalize(tok.text) or tok.text for tok in sent] for sent in sentences(seed)]
    vocabulary = [normalize(w) for w in ["الولايات", "المتحدة", "الأمريكية", "وزارة", "الخارجية", "الروسية", "والأمم", "المتحدة", "للأمم", "الرئيس", "في", "قال", "سوريا", "وسوريا", "روسيا", "اليوم", ".", "،"]]
    rng = random.Random(13)
    cases = [seed_sentences, [], [[]], [["سوريا"], [], ["روسيا"]], [["الولايات"], ["المتحدة"]]]
    cases += [[[rng.choice(vocabulary) for _ in range(rng.randint(0, 6))] for _ in range(rng.randint(1, 9))]
              for _ in range(400)]
    found = 0
    for case in cases:
        expected = [matcher.hits(words) for words in case]
        assert matcher.hits_many(case) == expected, case
        found += sum(map(len, expected))
    assert found > 500  # the cases hold names, so the comparison says something


def test_sentence_cuts_found_in_the_text_are_the_tokens_own() -> None:
    """The tagger's sentence ends, found from the text's marks and line breaks, are where a plain pass
    over every token and separator puts them: numbers holding a dot, marks glued to words, several
    line breaks and a window that starts inside a text included."""
    from marsad.ner.tokens import SENTENCE_END, _split

    def reference(window: str, start: int) -> tuple[list[tuple[int, int, str]], list[int]] | None:
        split = _split(window, start)
        if split is None:
            return None
        tokens = [(tok.start, tok.end, tok.text) for tok in split[0]]
        cuts = {i + 1 for i, tok in enumerate(tokens) if tok[2] in SENTENCE_END}
        cuts.update(i + 1 for i in range(len(tokens) - 1) if "\n" in window[tokens[i][1] - start : tokens[i + 1][0] - start])
        cuts.add(len(tokens))
        return tokens, sorted(cuts)

    rng = random.Random(17)
    pieces = ["سوريا", "قال", "3.5", "12,000", ".", "!", "?", "؟", "…", "،", "\n", "\n\n", " ", "  ", "-", "»", "ab", "\u200c"]
    cases = ["", " ", ".", "\n", "قال.\nسوريا", "3.5 مليون. ثم\n\nقال؟"]
    cases += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    ends = 0
    for text in cases:
        for start in (0, 2):
            window = text[start:]
            split = _split(window, start)
            expected = reference(window, start)
            assert (None if split is None else ([(t.start, t.end, t.text) for t in split[0]], split[1])) == expected
            ends += 0 if expected is None else len(expected[1])
    assert ends > 10_000  # the texts hold many sentence ends


def test_emissions_from_one_gather_are_the_column_by_column_sums() -> None:
    """The emissions gathered at once and summed over the columns are, bit for bit, the sums made
    column by column from zero in crfsuite's order (null cells add an exact 0.0)."""
    rng = np.random.default_rng(5)
    labels = [f"L{i}" for i in range(9)]
    attributes = [f"a{i}" for i in range(300)]
    state = np.vstack([rng.normal(0, 3, (300, 9)) * rng.choice([1e-8, 1.0, 1e8], (300, 1)), np.zeros((1, 9))])
    crf = LinearChainCrf(labels, attributes, state, rng.normal(0, 1, (9, 9)))
    for steps, width in [(57, 0), (57, 1), (57, 35), (57, 41), (2500, 35)]:  # the last in blocks
        columns = rng.integers(0, 301, (steps, width)).astype(np.intp)
        expected = np.zeros((steps, 9))
        for ids in columns.T:
            expected += state[ids]
        assert np.array_equal(crf.emissions(columns), expected)
        assert crf.emissions(columns).tobytes() == expected.tobytes()


def test_attribute_columns_over_many_calls_hold_their_feature_strings() -> None:
    """The word table's rows are made from the model's ids by word part (no feature strings) and stored once
    per call: over calls that bring new words, repeat a new word within a call and grow the table past its
    first size, each token's ids are still those of sentence_features' strings (the name-word list's too)."""
    import pytest

    from marsad.ner.crf import default_model
    from marsad.ner.dictionary import default_matcher
    from marsad.ner.features import AttributeColumns, sentence_features
    from marsad.text.normalize import normalize

    model = default_model()
    if model is None:
        pytest.skip("no packaged NER model")
    crf, _ = model._scorer()
    ids = dict(crf.attribute_ids)
    known = [normalize(w) for w in ["قال", "الرئيس", "بشار", "الأسد", "في", "دمشق", "وزارة", "الخارجية", ".", "،",
                                    "(", "والرياض", "لبنان", "محمد", "2015", "x"]]
    rng = random.Random(21)
    letters = "ابتثجحخدذرسشصضطظعغفقكلمنهوي"
    matcher = default_matcher()
    encoder = AttributeColumns(ids, crf.null, model.classes, model.names)
    for _call in range(12):
        fresh = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(150)]
        words = [[rng.choice(known + fresh) for _ in range(rng.randint(1, 12))] for _ in range(40)]
        hits = [matcher.hits(w) for w in words]
        matrix = encoder.columns(words, hits)
        expected = [[ids[f] for f in feats if f in ids] for sent, found in zip(words, hits, strict=True)
                    for feats in sentence_features(sent, None, found, model.classes, model.names)]
        assert [[int(i) for i in row if i != crf.null] for row in matrix] == expected
    assert len(encoder._slots) > 1024  # (the table grew)


def test_proclitic_splits_are_the_readings_without_enclitics() -> None:
    from itertools import product

    from marsad.text.tokenize import proclitic_splits, readings

    letters = "وبلفكاسي"
    for word in ("", *("".join(p) for size in range(1, 6) for p in product(letters, repeat=size))):
        assert proclitic_splits(word) == [(r.prefix, r.stem) for r in readings(word, suffixes=False)], word


def test_words_that_start_a_place_name_are_found_from_their_readings() -> None:
    """The scan's memo of what a word can start, made from the proclitic splits, is what the word's name
    readings give (folded, among the gazetteer's first words)."""
    from itertools import product

    from marsad.geo.gazetteer import Gazetteer, continued_keys
    from marsad.geo.names import fold_word
    from marsad.geo.scan import _WordCache, name_readings

    names = ["حلب", "الرقة", "ظهور", "ريف دمشق", "لب", "بلب", "البلد"]
    gaz = Gazetteer(first_words=frozenset(fold_word(n.split(" ")[0], initial=True) for n in names),
                    continued=continued_keys(names))
    cache = _WordCache(gaz)
    letters = "وبلفكحسال"
    words = {"".join(p) for size in range(1, 6) for p in product(letters, repeat=size)}
    words |= {p + n for p in ("", "و", "ب", "لل", "ولل", "وبال", "ك", "س") for n in ("حلب", "رقة", "ظهور", "ريف")}
    started = 0
    for word in words:
        expected = tuple(
            (prefix, folded) for prefix, stem in name_readings(word)
            if (folded := fold_word(stem, initial=True)) in gaz.first_words
        )
        assert cache.starting(word) == expected, word
        started += bool(expected)
    assert started >= 30
    assert cache.starting("للرقة") == (("ل", "الرقة"),)  # (the article the proclitic swallowed)
    assert cache.starting("وبحلب") == (("وب", "حلب"),)
    assert cache.starting("بلب") == (("", "بلب"), ("ب", "لب"))  # (as written first)
    assert cache.starting("كحلب") == () and cache.starting("سحلب") == ()  # (no name after ك or س)


def test_lineage_links_hold_every_link_a_listed_lineage_starts_with() -> None:
    """The entities stage reads a listed lineage only before a word of ``lineage_links()``: no other word may
    let ``starts_listed_lineage`` accept a pair (a given name it accepts before ``بن``, and every table word)."""
    from itertools import islice

    from marsad.ner.dictionary import name_word_list
    from marsad.ner.nasab import _words, lineage_links, starts_listed_lineage

    names = [w for w in islice(name_word_list(), 20_000) if starts_listed_lineage(w, "بن")][:200]
    assert len(names) >= 20 and "بن" in lineage_links() and "ابن" not in lineage_links()
    others = [*_words(), "في", "عبد", "قال", "بنى", "وبن", "ابنة"]
    for link in others:
        if link not in lineage_links():
            assert not any(starts_listed_lineage(name, link) for name in names), link
    assert all(any(starts_listed_lineage(name, link) for name in names) for link in lineage_links())


def _reference_chunks(tags: list[str]) -> set[tuple[str, int, int]]:
    """``chunks`` as it read every tag (before round 34): an ``O`` closes an open entity where it stands."""
    found: set[tuple[str, int, int]] = set()
    kind: str | None = None
    start = 0
    for i, tag in enumerate((*tags, "O")):
        if tag == "O":
            if kind is not None:
                found.add((kind, start, i))
                kind = None
            continue
        prefix, _, this = tag.partition("-")
        continues = prefix == "I" and this == kind
        if kind is not None and not continues:
            found.add((kind, start, i))
            kind = None
        if prefix in ("B", "I") and not continues:
            kind, start = this, i
    return found


def test_chunks_read_from_the_tags_other_than_o_are_every_tags_reading() -> None:
    """Reading only the tags other than ``O`` (round 34) gives conlleval's chunks: runs, gaps, a name at
    either end, an ``I-`` after another type, malformed tags, empty and all-``O`` sequences."""
    from marsad.ner.iob import chunks

    alphabet = ["O", "O", "O", "B-PERSON", "I-PERSON", "B-LOC", "I-LOC", "I-ORG", "B-MISC", "X", "B", "I-", "B-"]
    rng = random.Random(34)
    cases = [[], ["O"], ["B-LOC"], ["I-LOC", "I-LOC"], ["O", "B-ORG"], ["B-ORG", "O", "I-ORG"]]
    cases += [[rng.choice(alphabet) for _ in range(rng.randint(0, 14))] for _ in range(5000)]
    found = 0
    for tags in cases:
        expected = _reference_chunks(tags)
        assert chunks(tags) == expected, tags
        found += len(expected)
    assert found > 10_000  # the cases hold entities, so the comparison says something


def _reference_dictionary_tags(words: list[str], hits: list[object]) -> tuple[list[str], list[str], list[str]]:
    """The per-token dictionary tags as one dense list each (before round 34)."""
    from marsad.ner.actors import Actor
    from marsad.ner.dictionary import Hit, entity_hits, role_hits

    typed = [hit for hit in hits if isinstance(hit, Hit)]
    gaz, kind, role = [""] * len(words), [""] * len(words), [""] * len(words)
    for hit in entity_hits(typed):
        assert isinstance(hit.value, Actor)
        for i in range(hit.first, hit.last + 1):
            gaz[i] = ("B-" if i == hit.first else "I-") + hit.value.type
            kind[i] = hit.value.kind
    for hit in role_hits(typed):
        for i in range(hit.first, hit.last + 1):
            role[i] = "B" if i == hit.first else "I"
        if hit.last + 1 < len(words):
            role[hit.last + 1] = role[hit.last + 1] or "after"
    return gaz, kind, role


def test_dictionary_marks_are_the_dense_tags_without_the_empty_ones() -> None:
    """The marked tokens that ``AttributeColumns.columns`` walks (round 34) are exactly the non-empty
    entries of the dense per-token tags, on the seed article and on random sentences of names, roles
    and other words (roles that end where another begins included)."""
    from pathlib import Path

    from marsad.ner.dictionary import default_matcher
    from marsad.ner.features import dictionary_marks, dictionary_tags
    from marsad.ner.tokens import sentences
    from marsad.text.normalize import normalize

    matcher = default_matcher()
    seed = (Path(__file__).parents[1] / "src/marsad/samples/seed-aleppo-2019-12-12.txt").read_text(encoding="utf-8")
    cases = [[normalize(tok.text) or tok.text for tok in sent] for sent in sentences(seed)]
    vocabulary = [normalize(w) for w in ["الولايات", "المتحدة", "وزير", "الخارجية", "الرئيس", "السوري", "بشار",
                                          "الأسد", "والأمم", "للأمم", "رئيس", "الوزراء", "في", "قال", "سوريا",
                                          "وسوريا", "روسيا", "المتحدث", "باسم", "الجيش", ".", "،"]]
    rng = random.Random(34)
    cases += [[rng.choice(vocabulary) for _ in range(rng.randint(0, 9))] for _ in range(600)]
    gazetted = roles = 0
    for words in cases:
        hits = matcher.hits(words)
        expected = _reference_dictionary_tags(words, list(hits))
        assert dictionary_tags(words, hits) == expected, words
        marks = dictionary_marks(words, hits)
        for dense, marked in zip(expected, marks, strict=True):
            assert marked == {i: value for i, value in enumerate(dense) if value}, words
        gazetted += len(marks[0])
        roles += len(marks[2])
    assert gazetted > 300 and roles > 300  # names and roles both marked, so the comparison says something
