"""The NER building blocks: dictionaries, matcher, scorer, CoNLL reader, CRF training and CLI."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import check_floors
from marsad.evaluate.ner import score
from marsad.ner import actors as actor_dict
from marsad.ner.conll import normalise_tag, read_conll, split_holdout
from marsad.ner.crf import ModelError, NerModel, TrainingParams, dump, loads, train
from marsad.ner.dictionary import clitic_forms, default_matcher, entity_hits, name_key, role_hits
from marsad.ner.features import sentence_features, split_proclitic
from marsad.ner.iob import chunks
from marsad.ner.roles import role_keys
from marsad.ner.tokens import tokenize
from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize

# --- dictionaries -------------------------------------------------------------


def test_actor_dictionary_is_large_and_well_formed() -> None:
    entries = actor_dict.actors()
    assert len(entries) >= 200
    assert len({a.id for a in entries}) == len(entries)
    assert all(a.id.startswith(("actor:", "norp:")) and a.names and a.canonical for a in entries)
    assert {a.type for a in entries} == {"ORG", "PERSON", "NORP"}
    kinds = {a.kind for a in entries}
    assert {"armed_group", "ministry", "igo", "un", "ngo", "agency", "media", "person"} <= kinds


def test_lookup_by_id_and_canonical() -> None:
    hts = actor_dict.lookup("actor:hts")
    assert hts is not None and hts.type == "ORG" and hts.kind == "armed_group" and hts.country == "SY"
    mod = actor_dict.lookup("Russian Ministry of Defence")
    assert mod is not None and mod.id == "actor:rus-mod" and mod.country == "RU"
    syria = actor_dict.lookup("SY")
    assert syria is not None and syria.type == "GPE" and syria.canonical == "Syria"
    assert "سوريا" in syria.names and "الجمهورية العربية السورية" in syria.names
    assert actor_dict.lookup("no such actor") is None


def test_generated_country_names() -> None:
    # tests/test_tools.py checks that the file is what tools/build_countries.py makes.
    names = {row["name"] for row in read_tsv_dicts("countries.tsv")}
    assert "مالي" not in names  # dropped as ambiguous ("financial")
    assert "أمريكا" in names and "بريطانيا" in names


def test_roles_include_titles_ranks_and_spokespeople() -> None:
    keys = role_keys()
    for role in ("الرئيس", "اللواء", "وزير الخارجية", "المتحدث باسم"):
        assert name_key(role) in keys
    assert keys[name_key("اللواء")].kind == "military_rank"


# --- matcher --------------------------------------------------------------------


def _match(text: str) -> list[tuple[str, int, str]]:
    words = tokenize(normalize(text))
    return [
        (" ".join(words[h.first : h.last + 1]), h.skip, getattr(h.value, "id", ""))
        for h in entity_hits(default_matcher().hits(words))
    ]


def test_clitic_forms_cover_conjunction_preposition_and_article_contraction() -> None:
    forms = dict(clitic_forms("الامم المتحده"))
    assert forms["الامم المتحده"] == 0
    assert forms["والامم المتحده"] == 1
    assert forms["بالامم المتحده"] == 1
    assert forms["للامم المتحده"] == 1  # ل + الأمم
    assert forms["وللامم المتحده"] == 2
    assert dict(clitic_forms("rt")) == {"rt": 0}  # no Arabic clitics on Latin names


def test_matcher_is_clitic_aware_and_longest_first() -> None:
    hits = _match(
        "وكانت فرنسا وبريطانيا والولايات المتحدة الأمريكية صاغت مشروعا، وقالت وزارة الخارجية الأمريكية"
    )
    assert hits == [
        ("فرنسا", 0, "FR"),
        ("وبريطانيا", 1, "GB"),
        ("والولايات المتحده الامريكيه", 1, "US"),
        ("وزاره الخارجيه الامريكيه", 0, "actor:usa-state"),
    ]


def test_matcher_respects_word_and_punctuation_boundaries() -> None:
    # "روسيا" inside "الروسيات" is not a match; a comma breaks a multi-word name.
    assert _match("الروسيات") == []
    assert [h[2] for h in _match("الولايات، المتحدة")] == []


def test_role_hits_prefer_the_longest_role() -> None:
    words = tokenize(normalize("قال وزير الخارجية الروسي والمتحدث باسم الجيش"))
    found = [(words[h.first], h.last - h.first + 1) for h in role_hits(default_matcher().hits(words))]
    assert ("وزير", 2) in found
    assert ("والمتحدث", 2) in found


# --- features ---------------------------------------------------------------------


def test_split_proclitic_and_features() -> None:
    assert split_proclitic("وبريطانيا") == ("و", "بريطانيا")
    assert split_proclitic("بالعراق") == ("بال", "عراق")
    assert split_proclitic("لو") == ("", "لو")
    words = tokenize(normalize("قال اللواء يوري بورينكوف في مدينة حلب"))
    feats = sentence_features(words)
    assert "role=B" in feats[1] and "role=after" in feats[2]
    assert "-1cue" in feats[6] and "cue" in feats[5]
    assert "BOS" in feats[0] and "EOS" in feats[-1]


def test_word_classes_give_prefixes_of_one_path_and_ignore_the_proclitic() -> None:
    from marsad.ner.features import CLASS_PREFIXES, class_features

    path = "0110101111110000"
    classes = {"بغداد": path}
    feats = class_features("بغداد", classes)
    assert feats == ("c4=0110", "c8=01101011", "c12=011010111111", "c=" + path)
    assert class_features("كلمةلاتوجدابدا", classes) == ("c=none",)
    # The class is looked up without the proclitic: وبغداد and لبغداد read as بغداد.
    names = {"c", *(f"c{k}" for k in CLASS_PREFIXES)}
    for written in ("وبغداد", "لبغداد"):
        assert [f for f in sentence_features([written], classes=classes)[0] if f.split("=", 1)[0] in names] == list(
            feats
        )
    # Without classes (the default model's features) there is no class feature at all.
    assert not [f for f in sentence_features(["بغداد"])[0] if f.split("=", 1)[0] in names]


# --- scorer -----------------------------------------------------------------------


def test_chunks_follow_conlleval() -> None:
    assert chunks(["B-PERSON", "I-PERSON", "O", "I-LOC", "B-LOC", "I-ORG"]) == {
        ("PERSON", 0, 2),
        ("LOC", 3, 4),
        ("LOC", 4, 5),
        ("ORG", 5, 6),
    }


def test_score_on_hand_made_example() -> None:
    gold = [["B-PERSON", "I-PERSON", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PERSON", "O", "O", "B-LOC"], ["B-ORG", "I-ORG", "B-LOC"]]
    result = score(gold, pred, ("PERSON", "LOC", "ORG"))
    assert (result.per_type["PERSON"].tp, result.per_type["PERSON"].fp, result.per_type["PERSON"].fn) == (
        0,
        1,
        1,
    )
    assert (result.per_type["LOC"].tp, result.per_type["LOC"].fp, result.per_type["LOC"].fn) == (1, 1, 0)
    assert result.per_type["ORG"].f1 == 1.0
    overall = result.overall  # tp 2, fp 2, fn 1
    assert overall.precision == pytest.approx(0.5)
    assert overall.recall == pytest.approx(2 / 3)
    assert overall.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    with pytest.raises(ValueError, match="gold tags"):
        score([["O"]], [["O", "O"]])


# --- CoNLL ------------------------------------------------------------------------


def test_tags_of_both_corpora_are_mapped() -> None:
    assert normalise_tag("B-PERS") == "B-PERSON"
    assert normalise_tag("I-PER") == "I-PERSON"
    assert normalise_tag("B-MIS1`") == "B-MISC"
    assert normalise_tag("B-MISC") == "B-MISC"
    assert normalise_tag("X-LOC") is None


def test_read_conll_skips_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text("زار B-PERS\nلافروف I-PERS\nbroken\n\nدمشق B-LOC\n", "utf-8")
    data = read_conll(path)
    assert data.sentences == [[("زار", "B-PERSON"), ("لافروف", "I-PERSON")], [("دمشق", "B-LOC")]]
    assert data.skipped_lines == 1
    sentences = [[("a", "O")]] * 20
    train_part, held = split_holdout(sentences, 0.15)
    assert len(held) == 3 and len(train_part) == 17


# --- CRF training on a tiny corpus written for this test -----------------------------

NAMES = [("سامر", "حداد"), ("ليلى", "منصور"), ("كريم", "عيسى"), ("هالة", "نجار"), ("مازن", "خوري")]
PLACES = ["طرطوس", "السويداء", "اللاذقية", "القامشلي", "الرقة"]
ORGS = [("نقابة", "المهندسين"), ("جمعية", "الإغاثة"), ("اتحاد", "الطلبة")]


def _synthetic_corpus() -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = []
    for i, (first, last) in enumerate(NAMES * 4):
        place = PLACES[i % len(PLACES)]
        org_a, org_b = ORGS[i % len(ORGS)]
        sentences.append(
            [
                ("قال", "O"),
                (first, "B-PERSON"),
                (last, "I-PERSON"),
                ("في", "O"),
                (place, "B-LOC"),
                ("إن", "O"),
                (org_a, "B-ORG"),
                (org_b, "I-ORG"),
                ("ستعقد", "O"),
                ("اجتماعا", "O"),
                (".", "O"),
            ]
        )
    return sentences


@pytest.fixture(scope="module")
def tiny_model() -> NerModel:
    return train(_synthetic_corpus(), params=TrainingParams(c1=0.0, c2=0.01, max_iterations=60))


def test_tiny_model_learns_and_round_trips(tiny_model: NerModel) -> None:
    tokens = ["قال", "ليلى", "منصور", "في", "طرطوس", "إن", "نقابة", "المهندسين", "ستعقد", "اجتماعا", "."]
    expected = ["O", "B-PERSON", "I-PERSON", "O", "B-LOC", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    assert tiny_model.tag_raw(tokens) == expected
    again = loads(dump(tiny_model))
    assert again.tag_raw(tokens) == expected
    assert again.header["tokens"] == 20 * 11
    assert again.name_words["منصور"] == 4
    # several sentences tagged in one call give the same tags as one by one
    words = [normalize(t) for t in tokens]
    assert again.tag_many([words, words[:3]]) == [expected, expected[:3]]


def test_eval_by_article_spreads_a_name_the_tagger_found_once(tiny_model: NerModel) -> None:
    from marsad.evaluate.ner import evaluate_model

    found = [("قال", "O"), ("ليلى", "B-PERSON"), ("منصور", "I-PERSON"), ("في", "O"), ("طرطوس", "B-LOC")]
    # The same name without the context the tiny model learned: untagged sentence by sentence.
    bare = [("منصور", "B-PERSON"), ("طرطوس", "B-LOC")]
    assert tiny_model.tag_raw([token for token, _tag in bare]) != ["B-PERSON", "B-LOC"]
    alone = evaluate_model(tiny_model, [found, bare]).overall
    by_article = evaluate_model(tiny_model, [found, bare], article=2).overall
    assert alone.tp == 3 and by_article.tp == 4 and by_article.fp == 0  # منصور found by the spread


def test_proclitic_stripping_uses_the_name_lexicon(tiny_model: NerModel) -> None:
    assert tiny_model.strip_proclitic(normalize("ومنصور")) == 1  # bare form is the known name
    assert tiny_model.strip_proclitic(normalize("والرقة")) == 1  # و + the article
    assert tiny_model.strip_proclitic(normalize("للرقة")) == 1  # ل + (ا)لرقة
    assert tiny_model.strip_proclitic(normalize("بريف")) == 1  # ريف is a place cue
    assert tiny_model.strip_proclitic(normalize("بسام")) == 0  # unknown: ب stays


def test_a_listed_person_name_keeps_its_first_letter(tiny_model: NerModel) -> None:
    # Round 29: a whole word the name-word list gives as a person's name keeps its first letter.
    assert tiny_model.strip_proclitic(normalize("وائل")) == 0
    assert tiny_model.strip_proclitic(normalize("وليام")) == 0


def test_damaged_models_are_refused(tiny_model: NerModel) -> None:
    with pytest.raises(ModelError, match="bad magic"):
        loads(b"not a model")
    blob = dump(tiny_model)
    with pytest.raises(ModelError, match="damaged"):
        loads(blob[:-50])


def test_numpy_scorer_reads_the_crfsuite_weights(tiny_model: NerModel) -> None:
    from marsad.ner.linear_crf import CrfFormatError, LinearChainCrf

    crf = LinearChainCrf.from_crfsuite(tiny_model._blob)
    info = tiny_model._tagger.info()  # crfsuite's own dump (weights printed to 6 decimals)
    assert crf.labels == tiny_model.labels
    assert info.state_features and info.transitions
    for (attribute, label), weight in info.state_features.items():
        assert crf.state[crf.attribute_ids[attribute], crf.labels.index(label)] == pytest.approx(weight, abs=1e-6)
    for (source, target), weight in info.transitions.items():
        assert crf.transition[crf.labels.index(source), crf.labels.index(target)] == pytest.approx(weight, abs=1e-6)
    assert not crf.state[crf.null].any()  # the row of unknown attributes adds nothing
    with pytest.raises(CrfFormatError):
        LinearChainCrf.from_crfsuite(b"lCRF" + bytes(60))


def _crfsuite_and_numpy_tags(
    model: NerModel, texts: list[str]
) -> tuple[list[list[str]], list[list[str]]]:
    """Per text: crfsuite's tags from feature strings, and the numpy scorer's, article as one sequence."""
    from marsad.ner.tokens import sentences

    matcher = default_matcher()
    reference: list[list[str]] = []
    ours: list[list[str]] = []
    for text in texts:
        view = normalize(text)
        words = [[tok.text for tok in sent] for sent in sentences(view) if sent]
        hits = [matcher.hits(w) for w in words]
        reference.append(model.tag_many_crfsuite(words, hits))
        ours.append([tag for tags in model.tag_many(words, hits) for tag in tags])
        # tag_many turns a sentence-initial I- into B-; crfsuite's raw sequence does not
        reference[-1] = _first_b(reference[-1], [len(w) for w in words])
    return reference, ours


def _first_b(tags: list[str], lengths: list[int]) -> list[str]:
    out = list(tags)
    pos = 0
    for n in lengths:
        if n and out[pos].startswith("I-"):
            out[pos] = "B-" + out[pos][2:]
        pos += n
    return out


def test_attribute_columns_hold_exactly_the_feature_strings_the_model_knows() -> None:
    """Per token, the ids in the column matrix are the model's ids of sentence_features' strings, in
    order — word pairs included, also for a word holding the pair separator ``|``."""
    from conftest import SEED_PATH
    from marsad.ner.crf import default_model
    from marsad.ner.features import AttributeColumns
    from marsad.ner.tokens import sentences

    model = default_model()
    if model is None:
        pytest.skip("no packaged NER model")
    crf, _ = model._scorer()
    ids = dict(crf.attribute_ids)
    words = [[tok.text for tok in sent] for sent in sentences(normalize(SEED_PATH.read_text("utf-8"))) if sent]
    words.append(["قال", "|", "الرئيس", "|", "في", "|"])
    matcher = default_matcher()
    hits = [matcher.hits(w) for w in words]
    # Make sure pair attributes around "|" exist, so the test reaches them.
    for name in ("-1w|stem=||رئيس", "stem|+1w=||في", "-1w|stem=قال||"):
        ids.setdefault(name, len(ids))
    encoder = AttributeColumns(ids, len(ids))
    matrix = encoder.columns(words, hits)
    expected = [[ids[f] for f in feats if f in ids] for sent, found in zip(words, hits, strict=True)
                for feats in sentence_features(sent, None, found)]
    got = [[int(i) for i in row if i != len(ids)] for row in matrix]
    assert got == expected
    assert sum(len(row) for row in got) > 15 * len(got)  # known attributes per token
    assert any(ids["-1w|stem=||رئيس"] in row for row in got) and any(ids["-1w|stem=قال||"] in row for row in got)
    assert any(ids["stem|+1w=||في"] in row for row in got)


def test_numpy_scorer_tags_exactly_as_crfsuite_on_the_tiny_model(tiny_model: NerModel) -> None:
    texts = ["قال ليلى منصور في طرطوس إن نقابة المهندسين ستعقد اجتماعا.\nوقال وزير الخارجية إن الأمم المتحدة …",
             "طرطوس", "", "كلمة\x00غريبة في طرطوس", "نص \ud800 فيه بديل"]
    reference, ours = _crfsuite_and_numpy_tags(tiny_model, texts)
    assert ours == reference
    assert any(tag != "O" for tags in ours for tag in tags)


def test_numpy_scorer_tags_exactly_as_crfsuite_on_real_text() -> None:
    """The shipped model on the seed article and (when present) a few hundred sentences of
    redistributable news and encyclopaedia text: not one tag may differ."""
    from conftest import SEED_PATH, SHARED
    from marsad.ner.crf import default_model

    model = default_model()
    if model is None:
        pytest.skip("no packaged NER model")
    texts = [SEED_PATH.read_text("utf-8")]
    folder = SHARED / "data" / "open-arabic-text"
    for name, lines in (("ar_pud.txt", 300), ("xquad_ar_contexts.txt", 60)):
        if (folder / name).is_file():
            content = (folder / name).read_text("utf-8").splitlines()[:lines]
            texts.extend("\n".join(content[i : i + 10]) for i in range(0, len(content), 10))
    reference, ours = _crfsuite_and_numpy_tags(model, texts)
    assert sum(len(tags) for tags in ours) > (1000 if len(texts) > 1 else 400)  # the seed alone: 471
    assert sum(tag != "O" for tags in ours for tag in tags) > 20
    for index, (expected, got) in enumerate(zip(reference, ours, strict=True)):
        assert got == expected, f"text {index} differs"


# --- CLI --------------------------------------------------------------------------


def test_cli_eval_ner_reports_scores_and_fails_cleanly(tmp_path: Path, tiny_model: NerModel) -> None:
    from marsad.cli import app

    model_path = tmp_path / "tiny.model"
    model_path.write_bytes(dump(tiny_model))
    gold = tmp_path / "gold.txt"
    gold.write_text(
        "\n\n".join("\n".join(f"{t} {g}" for t, g in s) for s in _synthetic_corpus()[:5]) + "\n", "utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "ner", str(gold), "--model", str(model_path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"f1": 100.0' in result.stdout
    bad = runner.invoke(app, ["eval", "ner", str(tmp_path / "missing.txt"), "--model", str(model_path)])
    assert bad.exit_code == 2
    message = " ".join(bad.output.split())  # the error console may wrap long paths
    assert "missing.txt: no such file" in message and "Traceback" not in message
    junk = tmp_path / "junk.model"
    junk.write_bytes(b"junk")
    bad_model = runner.invoke(app, ["eval", "ner", str(gold), "--model", str(junk)])
    assert bad_model.exit_code == 2 and "not a Marsad NER model" in " ".join(bad_model.output.split())


def test_cli_train_ner_on_explicit_files(tmp_path: Path) -> None:
    from marsad.cli import app

    gold = tmp_path / "train.txt"
    gold.write_text(
        "\n\n".join("\n".join(f"{t} {g}" for t, g in s) for s in _synthetic_corpus()) + "\n", "utf-8"
    )
    out = tmp_path / "out.model"
    result = CliRunner().invoke(
        app, ["train", "ner", "--train", str(gold), "--out", str(out), "--iterations", "30"]
    )
    assert result.exit_code == 0, result.output
    model = loads(out.read_bytes())
    assert "CC BY-SA" in model.header["license"]
    assert model.header["trained_on"][0]["file"] == "train.txt"
    # The packaged name-word list is a feature by default; --no-name-list trains the features of version 1.
    assert model.header["feature_version"] == 3 and model.names is not None
    assert model.header["name_list"]["file"] == "ner-name-words.tsv"
    plain = tmp_path / "plain.model"
    result = CliRunner().invoke(
        app, ["train", "ner", "--train", str(gold), "--out", str(plain), "--iterations", "30", "--no-name-list"]
    )
    assert result.exit_code == 0, result.output
    without = loads(plain.read_bytes())
    assert without.header["feature_version"] == 1 and without.names is None and "name_list" not in without.header


# --- full-size (shared data) --------------------------------------------------------


@pytest.mark.slow
def test_shipped_model_quality_on_shared_data(shared_dir: Path) -> None:
    from marsad.evaluate.ner import evaluate_model
    from marsad.ner.crf import default_model
    from marsad.train.ner import AQMAR_DEV, load_training_data

    model = default_model()
    assert model is not None
    data = load_training_data(shared_dir / "data")
    heldout = evaluate_model(model, data.heldout).overall.f1
    aqmar = evaluate_model(model, read_conll(shared_dir / "data" / AQMAR_DEV).sentences).overall.f1
    check_floors("ner", {"anercorp_heldout_f1": heldout, "aqmar_dev_f1": aqmar})


# --- word classes (opt-in) --------------------------------------------------------------------


@pytest.fixture()
def class_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache directory of its own; the per-process loads are forgotten before and after."""
    from marsad.ner.crf import packaged_model
    from marsad.ner.word_classes import cached_classes

    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    cached_classes.cache_clear()
    packaged_model.cache_clear()
    yield tmp_path
    cached_classes.cache_clear()
    packaged_model.cache_clear()


def _synthetic_class_text(words: dict[str, str]) -> str:
    from marsad.ner.word_classes import HEADER

    return HEADER.format(version="test", min_count=1) + "".join(f"{w}\t{p}\n" for w, p in sorted(words.items()))


def test_the_default_model_has_no_class_features_without_the_class_file(class_cache: Path) -> None:
    from marsad.ner.crf import default_model, packaged_model

    model = default_model()
    if model is None:
        pytest.skip("no packaged NER model")
    # The default model reads the packaged name-word list (feature version 3), never word classes.
    assert model.header["feature_version"] == 3 and model.classes is None and model.names
    assert packaged_model(True) is None  # never built implicitly
    assert not list(class_cache.iterdir())


def test_the_class_model_is_used_once_the_class_file_exists(class_cache: Path) -> None:
    from marsad.ner.crf import CLASSES_MODEL, default_model, packaged_model
    from marsad.ner.word_classes import class_file, write_class_file
    from marsad.resources import data_file

    if not data_file(CLASSES_MODEL).is_file() or packaged_model(False) is None:
        pytest.skip("no packaged NER models")
    # A synthetic class file: two person names in one class, two cities in another, and filler words
    # up to the number of words the model was trained with (a file of another size is refused).
    names = {"محمد": "0101000011110000", "سامي": "0101000011110001", "بغداد": "1100", "قاهره": "1101"}
    words = _class_model_words()
    filler = {f"كلمة{i}": "0000" for i in range(words - len(names))}
    written = write_class_file(_synthetic_class_text({**names, **filler}))
    assert written == class_file() and written.parent == class_cache
    model = default_model()
    # The class model reads the name-word list too (feature version 2 + 2).
    assert model is not None and model.header["feature_version"] == 4 and model.names
    assert model.classes is not None and len(model.classes) == words
    assert all(model.classes[word] == path for word, path in names.items())
    crf, encoder = model._scorer()
    assert encoder.width == 45  # 35 columns, the four class features and the six name-list features
    # The model's own weights know class features (paths only, no text of the counts).
    assert any(name.startswith("c4=") for name in crf.attribute_ids)
    texts = ["قال الوزير محمد علي إن القوات وصلت إلى بغداد.\nوزار سامي القاهرة.", "بغداد"]
    reference, ours = _crfsuite_and_numpy_tags(model, texts)
    assert ours == reference
    assert any(tag != "O" for tags in ours for tag in tags)


def _class_model_words() -> int:
    """How many words the packaged class model's class file had (its header)."""
    import json
    import struct

    from marsad.ner.crf import CLASSES_MODEL, MAGIC
    from marsad.resources import data_file

    raw = data_file(CLASSES_MODEL).read_bytes()
    (length,) = struct.unpack(">I", raw[len(MAGIC) : len(MAGIC) + 4])
    words: int = json.loads(raw[len(MAGIC) + 4 : len(MAGIC) + 4 + length])["word_classes"]["words"]
    return words


def test_a_class_file_of_another_build_is_reported_and_the_default_model_tags(
    class_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from marsad.ner.crf import CLASSES_MODEL, default_model, packaged_model
    from marsad.ner.word_classes import write_class_file
    from marsad.resources import data_file

    if not data_file(CLASSES_MODEL).is_file() or packaged_model(False) is None:
        pytest.skip("no packaged NER models")
    # Built with another --min-count: other words, other paths; the class model would read noise.
    write_class_file(_synthetic_class_text({"محمد": "0101", "بغداد": "1100"}))
    with caplog.at_level("WARNING"):
        model = default_model()
    assert model is packaged_model(False) and model.classes is None
    assert f"trained with the classes of {_class_model_words()} words, the class file has 2" in caplog.text
    assert "build-classes --force" in caplog.text


def test_a_damaged_class_file_is_reported_and_the_default_model_tags(
    class_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from marsad.ner.crf import default_model, packaged_model
    from marsad.ner.word_classes import cached_classes, class_file

    class_file().write_bytes(b"not gzip")
    with caplog.at_level("WARNING"):
        assert cached_classes() is None
    assert "damaged word-class file" in caplog.text and "build-classes" in caplog.text
    model = default_model()
    if model is not None:
        assert model is packaged_model(False) and model.classes is None


def test_a_class_model_without_classes_is_refused(class_cache: Path, tiny_model: NerModel) -> None:
    classes = {"طرطوس": "1010", "ليلى": "0001"}
    with_classes = train(_synthetic_corpus(), params=TrainingParams(max_iterations=20), classes=classes)
    assert with_classes.header["feature_version"] == 2
    assert with_classes.header["word_classes"]["words"] == 2
    blob = dump(with_classes)
    with pytest.raises(ModelError, match="marsad ner build-classes"):
        loads(blob)
    again = loads(blob, classes=classes)
    tokens = ["قال", "ليلى", "منصور", "في", "طرطوس"]
    assert again.tag_raw(tokens) == with_classes.tag_raw(tokens)
    assert loads(dump(tiny_model)).classes is None  # a model without classes never reads them


def test_class_file_is_built_from_bigram_counts() -> None:
    pytest.importorskip("scipy")
    from marsad.ner.word_classes import classes_text, cluster_key, parse_classes

    people = ["سامي", "خالد", "محمود", "ياسر", "كريم", "وليد", "ماجد", "طارق", "نبيل", "هشام", "عادل", "فهد"]
    cities = ["بغداد", "دمشق", "عمان", "بيروت", "تونس", "الرباط", "صنعاء", "الدوحه", "الكويت", "جده", "حلب", "حمص"]
    bigrams: dict[tuple[str], dict[str, int]] = {}

    def add(a: str, b: str, n: int) -> None:
        bigrams.setdefault((a,), {})
        bigrams[(a,)][b] = bigrams[(a,)].get(b, 0) + n

    for i, name in enumerate(people):
        add("الوزير", name, 5 + i)
        add("السيد", name, 3 + i % 4)
        add(name, "قال", 4 + i % 3)
    for i, city in enumerate(cities):
        add("في", city, 6 + i)
        add("مدينه", city, 2 + i % 5)
        add(city, "امس", 3 + i % 2)
    add("نادره", "جدا", 1)  # too rare for a class
    messages: list[str] = []
    text = classes_text(bigrams, version="test", min_count=3, contexts=50, dimensions=6, progress=messages.append)
    assert text.startswith("# Built by 'marsad ner build-classes'") and "ar-corrector test" in text
    classes = parse_classes(gzip.compress(text.encode("utf-8")))
    assert "نادره" not in classes and "جدا" not in classes
    # Kept under the tagger's lookup form: normalised, without proclitic (الرباط -> رباط).
    assert "رباط" in classes and "الرباط" not in classes
    people_paths = {classes[cluster_key(w)] for w in people}
    city_paths = {classes[cluster_key(w)] for w in cities}
    # Words with the same neighbours share the first split; names and cities are apart.
    assert {p[0] for p in people_paths} != {p[0] for p in city_paths}
    assert len({p[0] for p in people_paths}) == 1 and len({p[0] for p in city_paths}) == 1
    assert messages and "words seen at least 3 times" in messages[0]


def test_build_classes_fails_in_one_line_without_ar_corrector(
    class_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.cli import app
    from marsad.text import dotless_arcorrector

    monkeypatch.setattr(dotless_arcorrector, "installed_version", lambda: None)
    result = CliRunner().invoke(app, ["ner", "build-classes"])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "ar-corrector is not installed" in message and "marsad[ner-classes]" in message
    assert "Traceback" not in message
    assert not list(class_cache.iterdir())


@pytest.mark.parametrize("fits", [True, False])
def test_build_classes_says_which_tagger_the_stage_now_uses(
    class_cache: Path, monkeypatch: pytest.MonkeyPatch, fits: bool
) -> None:
    from marsad.cli import app
    from marsad.ner import word_classes
    from marsad.ner.crf import CLASSES_MODEL, default_model, packaged_model
    from marsad.resources import data_file

    if not data_file(CLASSES_MODEL).is_file() or packaged_model(False) is None:
        pytest.skip("no packaged NER models")
    # The counts stand in for ar-corrector's: as many words as the class model was trained with, or fewer
    # (another --min-count).
    words = _class_model_words() if fits else 10
    text = _synthetic_class_text({f"كلمة{i}": "01" for i in range(words)})
    monkeypatch.setattr(word_classes, "build_from_ar_corrector", lambda *_args, **_kw: text)
    result = CliRunner().invoke(app, ["ner", "build-classes"])
    assert result.exit_code == 0
    message = " ".join(result.output.split())
    assert f"({words} words)" in message
    if fits:
        assert f"now tags names with {CLASSES_MODEL}" in message
        assert default_model() is packaged_model(True) is not None
    else:
        assert "does not fit this class file: the default model keeps tagging" in message
        assert default_model() is packaged_model(False)


# --- name-word list (UniversalPetrarch actor dictionary) ------------------------------------------


def test_name_word_list_says_where_a_word_stands_in_known_names() -> None:
    from marsad.ner.dictionary import name_word_list

    names = name_word_list()
    assert len(names) > 10000
    listed = {word: value.partition("|")[0] for word, value in names.items()}  # the actor dictionary's part
    people = {word: value.partition("|")[2] for word, value in names.items()}  # Wikidata's people
    assert "F" in listed["محمد"] and "L" in listed["مبارك"] and "L" in listed["كاميرون"]
    assert "O" in listed["تحرير"]  # a word of organisations' names (منظمة تحرير فلسطين)
    # Titles, roles and nationality adjectives are taken off the names before positions are read.
    assert not listed.get("رئيس") and not listed.get("وزير") and not listed.get("مصري")
    # A lemma with the article is listed bare too; a lemma never loses a letter that looks like a particle.
    assert listed["غنوشي"] and listed["الغنوشي"]
    assert "شار" not in names and listed["بشار"]
    assert people["يوري"] == "g" and people["الغنوشي"] == "n" and people["محمد"] == "gn"
    assert "قال" not in names and "في" not in names  # a label seen once is not kept


def test_name_features_give_the_word_and_its_neighbours_their_labels() -> None:
    from marsad.ner.features import name_labels

    names = {"مبارك": "L|gn", "حسني": "F|", "الاسد": "LS|n"}
    feats = sentence_features(["قال", "حسني", "والمبارك", "ان"], names=names)
    ours = [[f for f in token if "nl=" in f or "pn=" in f] for token in feats]
    # والمبارك is looked up as written, then without its proclitic (مبارك).
    assert ours == [["+1nl=F"], ["nl=F", "+1nl=L", "+1pn=gn"], ["nl=L", "pn=gn", "-1nl=F"], ["-1nl=L", "-1pn=gn"]]
    assert not any("nl=" in f for token in sentence_features(["قال", "حسني"]) for f in token)
    # A particle before the article: والاسد and للاسد are الاسد, never the bare اسد "lion".
    assert name_labels("والاسد", split_proclitic("والاسد")[1], names) == ("LS", "n")
    assert name_labels("للاسد", split_proclitic("للاسد")[1], names) == ("LS", "n")
    assert name_labels("اسد", "اسد", names) == ("", "")


def test_a_model_with_name_features_tags_the_same_in_numpy_and_reads_the_packaged_list() -> None:
    from marsad.ner.dictionary import name_word_list

    names = name_word_list()
    model = train(_synthetic_corpus(), params=TrainingParams(c1=0.0, c2=0.01, max_iterations=60), names=names)
    assert model.header["feature_version"] == 3 and model.header["name_list"]["words"] == len(names)
    texts = ["قال ليلى منصور في طرطوس إن نقابة المهندسين ستعقد اجتماعا.\nوقال الرئيس حسني مبارك إن …",
             "قال محمد", "", "مبارك"]
    reference, ours = _crfsuite_and_numpy_tags(model, texts)
    assert ours == reference and any(tag != "O" for tags in ours for tag in tags)
    # The weights hold name-list attributes, which the numpy encoder's extra columns must reach.
    assert any(name.startswith(("nl=", "-1nl=", "+1nl=")) for name in model._scorer()[0].attribute_ids)
    again = loads(dump(model))
    assert again.names == names and again.classes is None
    assert again.tag_raw(["قال", "ليلى", "منصور"]) == model.tag_raw(["قال", "ليلى", "منصور"])


def test_committed_name_word_list_is_what_the_tool_makes(shared_dir: Path, tmp_path: Path) -> None:
    import importlib.util
    import subprocess
    import sys

    if importlib.util.find_spec("arabic_name_romanizer") is None:
        pytest.skip("arabic-name-romanizer (the people index, a build-only input) is not installed")
    root = Path(__file__).resolve().parent.parent
    fresh = tmp_path / "ner-name-words.tsv"
    result = subprocess.run(
        [sys.executable, str(root / "tools" / "build_ner_names.py"), "--shared", str(shared_dir), "--out", str(fresh)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert fresh.read_bytes() == (root / "src" / "marsad" / "data" / "ner-name-words.tsv").read_bytes()
