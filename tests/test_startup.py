"""Start-up caches (issue 17): the sharded word-form lexicon, the compiled-resource cache, the
CLI's fast exit.  Each cache is a shortcut only: the answers are the uncached ones, and an
unwritable, damaged or concurrently written cache never changes them."""

from __future__ import annotations

import json
import marshal
import os
import pickle
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from marsad.ner import dictionary
from marsad.resources import cache as resource_cache
from marsad.resources import data_file
from marsad.text import lexicon as lexicon_module
from marsad.text.lexicon import Lexicon

_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _words(count: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    words: dict[str, int] = {}
    while len(words) < count:
        words["".join(rng.choice(_LETTERS) for _ in range(rng.randint(2, 7)))] = rng.randint(0, 600)
    return words


def _probes(words: dict[str, int]) -> list[str]:
    listed = list(words)[:400]
    # Unlisted forms, and listed stems behind clitics (found only through best_zipf's readings).
    return listed + [w + "ها" for w in listed[:100]] + ["وال" + w for w in listed[:100]] + ["غغغغغ", "ق", ""]


def _answers(lex: Lexicon, probes: list[str]) -> list[tuple[float, bool, bool, float]]:
    return [(lex.zipf(w), lex.listed(w), lex.known(w), lex.best_zipf(w)) for w in probes]


def test_sharded_lexicon_answers_as_the_whole_dict() -> None:
    words = _words(5000, seed=1)
    probes = _probes(words)
    size, shards = lexicon_module._to_shards(words)
    assert size == len(words) and len(shards) == lexicon_module._SHARDS
    lazy = Lexicon({}, shards, size)
    assert len(lazy) == len(words)
    assert _answers(lazy, probes) == _answers(Lexicon(dict(words)), probes)
    # A few hundred lookups keep their answers, not the shards they decoded.
    assert lazy._shards is not None and not lazy._buckets
    assert 0 < len(lazy._asked.known) <= len(set(probes)) * 8


def test_a_lexicon_asked_many_words_keeps_the_whole_list(monkeypatch: pytest.MonkeyPatch) -> None:
    words = _words(5000, seed=4)
    probes = _probes(words)
    size, shards = lexicon_module._to_shards(words)
    monkeypatch.setattr(lexicon_module, "RESIDENT_AFTER", 300)
    lazy = Lexicon({}, shards, size)
    for word in list(words)[:299]:
        lazy.zipf(word)
    assert lazy._shards is not None and lazy._decodes == 299
    lazy.zipf(list(words)[299])  # the 300th decode reads every shard: the plain dict lookup from then on
    assert lazy._shards is None and lazy._buckets == words
    assert _answers(lazy, probes) == _answers(Lexicon(dict(words)), probes)


def test_lexicon_cache_round_trip_and_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words = _words(3000, seed=2)
    builds: list[int] = []

    def build() -> dict[str, int]:
        builds.append(1)
        return dict(words)

    monkeypatch.setattr(lexicon_module, "_build_buckets", build)
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    probes = _probes(words)
    expected = _answers(Lexicon(dict(words)), probes)

    first = Lexicon._from_wordfreq()
    assert builds == [1] and _answers(first, probes) == expected
    cache_file = lexicon_module._cache_path()
    assert cache_file.is_file()
    second = Lexicon._from_wordfreq()
    assert builds == [1] and second._shards is not None  # read from the cache, lazily
    assert _answers(second, probes) == expected

    cache_file.write_bytes(b"not marshal at all")  # a damaged cache is rebuilt and replaced
    assert _answers(Lexicon._from_wordfreq(), probes) == expected and builds == [1, 1]
    assert isinstance(marshal.loads(cache_file.read_bytes()), tuple)

    size, shards = marshal.loads(cache_file.read_bytes())
    shards[lexicon_module._shard_of(probes[0])] = b"\x00garbage"  # one damaged shard
    cache_file.write_bytes(marshal.dumps((size, shards)))
    damaged = Lexicon._from_wordfreq()
    assert _answers(damaged, probes) == expected and builds == [1, 1, 1]  # the whole list, built again
    assert _answers(Lexicon._from_wordfreq(), probes) == expected and builds == [1, 1, 1]  # and cached again


def test_lexicon_with_an_unwritable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    words = _words(500, seed=3)
    monkeypatch.setattr(lexicon_module, "_build_buckets", lambda: dict(words))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(blocker / "cache"))  # cannot be created, even by root
    probes = _probes(words)
    assert _answers(Lexicon._from_wordfreq(), probes) == _answers(Lexicon(dict(words)), probes)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_cached_resource_is_built_once_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    calls: list[str] = []

    def build() -> dict[str, list[int]]:
        calls.append("built")
        return {"a": [1, 2], "b": [3]}

    first = resource_cache.cached("test-kind", [b"source one"], build, dict)
    again = resource_cache.cached("test-kind", [b"source one"], build, dict)
    assert first == again == {"a": [1, 2], "b": [3]} and calls == ["built"]
    other = resource_cache.cached("test-kind", [b"source two"], build, dict)  # another source: another key
    assert other == first and calls == ["built", "built"]
    assert len(list(tmp_path.glob("test-kind-*.pickle"))) == 2


def test_cached_resource_survives_damage_and_foreign_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    resource_cache.cached("test-kind", [b"s"], lambda: {"x": 1}, dict)
    (path,) = tmp_path.glob("test-kind-*.pickle")
    path.write_bytes(b"\x80\x05truncated")
    assert resource_cache.cached("test-kind", [b"s"], lambda: {"x": 2}, dict) == {"x": 2}
    path.write_bytes(pickle.dumps(["a list, not the dict expected"]))
    assert resource_cache.cached("test-kind", [b"s"], lambda: {"x": 3}, dict) == {"x": 3}
    assert resource_cache.cached("test-kind", [b"s"], lambda: {"x": 4}, dict) == {"x": 3}  # rewritten, then read


def test_cached_resource_without_a_writable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert resource_cache.cached("test-kind", [b"s"], lambda: {"x": 1}, dict) == {"x": 1}


def test_cache_keys_follow_the_sources_and_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    key = resource_cache.fingerprint("kind", [b"ab", b"c"])
    assert key == resource_cache.fingerprint("kind", [b"ab", b"c"])
    assert key != resource_cache.fingerprint("kind", [b"a", b"bc"])
    assert key != resource_cache.fingerprint("other", [b"ab", b"c"])
    monkeypatch.setattr(resource_cache, "code_signature", lambda: "edited code")
    assert key != resource_cache.fingerprint("kind", [b"ab", b"c"])


def _built_then_read(resource: Any) -> tuple[Any, Any]:
    """A process-cached resource as built (writing the disk cache), then as read back from that cache."""
    resource.cache_clear()
    try:
        first = resource()  # builds and writes the cache
        resource.cache_clear()
        read = resource()  # reads it
    finally:
        resource.cache_clear()
    return first, read


def test_cached_dictionary_matches_as_the_built_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    built = dictionary._build_default_matcher()
    first, read = _built_then_read(dictionary.default_matcher)
    assert list(tmp_path.glob("ner-dictionary-*.pickle"))
    sentence = dictionary.name_key(
        "قال وزير الخارجية الأمريكي إن الولايات المتحدة الأمريكية وروسيا وللأمم المتحدة ومنظمة الخوذ البيضاء"
    ).split(" ")
    expected = built.hits(sentence)
    assert len(expected) >= 4
    assert first.hits(sentence) == expected and read.hits(sentence) == expected


def test_cached_name_words_are_the_built_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    built = dictionary._build_known_name_words()
    first, read = _built_then_read(dictionary.known_name_words)
    assert list(tmp_path.glob("ner-name-words-*.pickle"))
    assert len(built) > 500 and dictionary.name_key("العراق") in built
    assert first == built and read == built


def test_cached_crf_scorer_tags_as_the_built_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.ner import crf

    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    raw = data_file(crf.DEFAULT_MODEL).read_bytes()
    assert crf.loads(raw).classes is None
    # Model objects of their own: each makes its scorer on first use.
    built_crf, built_columns = crf.loads(raw)._build_scorer()
    first = crf.loads(raw)._scorer()  # builds and writes the cache
    assert list(tmp_path.glob("ner-crf-scorer-*.pickle"))
    read = crf.loads(raw)._scorer()  # reads it
    assert read[0] is not first[0]
    sentences = [dictionary.name_key(s).split(" ") for s in (
        "قال وزير الخارجية الأمريكي جون كيري في واشنطن إن الولايات المتحدة وروسيا اتفقتا",
        "وصل الرئيس عبد الفتاح السيسي إلى الرياض أمس للقاء الملك سلمان بن عبد العزيز",
    )]
    hits = [dictionary.default_matcher().hits(words) for words in sentences]
    expected = built_crf.tag(built_columns.columns(sentences, hits))
    assert any(tag != "O" for tag in expected)
    for scorer_crf, columns in (first, read):
        assert scorer_crf.tag(columns.columns(sentences, hits)) == expected


def _cli(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-c", "from marsad.cli import main; main()", *args],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )


def test_cli_exit_codes_and_output_with_the_fast_exit() -> None:
    done = _cli("--version")
    assert done.returncode == 0 and done.stdout.startswith("marsad ")
    bad = _cli("analyze", "--no-such-option")
    assert bad.returncode == 2 and "no-such-option" in bad.stderr
    missing = _cli("analyze")
    assert missing.returncode == 2 and missing.stderr.strip()


def test_command_table_names_each_top_level_commands_module() -> None:
    from marsad import cli

    app = cli.app  # every module registered
    defined = {info.name: info.callback.__module__ for info in app.registered_commands if info.callback}
    assert {name: f"marsad.cli.{module}" for name, module in cli.COMMAND_MODULES.items()} == defined
    assert {info.name for info in app.registered_groups} == set(cli.GROUPS)


def _run_probe(probe: str) -> subprocess.CompletedProcess[str]:
    """Run ``probe`` (Python source that calls the CLI's ``main``) in a fresh interpreter; it must succeed."""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done


def test_a_command_process_imports_only_its_own_module_and_no_rich() -> None:
    probe = (
        "import atexit, sys\n"
        "from marsad.cli import main\n"
        "def report():\n"
        "    loaded = sorted(m for m in sys.modules if m.startswith('marsad.cli.cmd_'))\n"
        "    print(loaded, 'rich' in sys.modules, file=sys.stderr)\n"
        "atexit.register(report)  # the CLI's fast exit still runs the exit handlers\n"
        "sys.argv = ['marsad', 'stages']\n"
        "main()\n"
    )
    done = _run_probe(probe)
    assert "entities" in done.stdout  # the command ran
    assert done.stderr.strip().splitlines()[-1] == "['marsad.cli.cmd_analyze'] False"
    helped = _cli("--help")
    assert helped.returncode == 0 and "ingest" in helped.stdout and "eval" in helped.stdout
    group = _cli("eval", "--help")
    assert group.returncode == 0 and "places" in group.stdout


def test_the_commands_own_process_freezes_the_pipelines_resources() -> None:
    probe = (
        "import atexit, gc, sys\n"
        "from marsad.cli import main\n"
        "atexit.register(lambda: print(gc.get_freeze_count() > 10_000, gc.get_threshold()[0], file=sys.stderr))\n"
        "sys.argv = ['marsad', 'analyze', '--sample', '--json', '--stages', 'boilerplate']\n"
        "main()\n"
    )
    done = _run_probe(probe)
    assert json.loads(done.stdout)["id"]
    assert done.stderr.strip().splitlines()[-1] == "True 20000"


def test_the_app_run_by_another_program_freezes_nothing() -> None:
    import gc

    from typer.testing import CliRunner

    from marsad import cli

    before = gc.get_freeze_count()
    result = CliRunner().invoke(cli.app, ["analyze", "--sample", "--json", "--stages", "boilerplate"])
    assert result.exit_code == 0 and json.loads(result.stdout)["id"]
    assert gc.get_freeze_count() == before and gc.isenabled()


def test_gc_thresholds_are_raised_never_lowered() -> None:
    import gc

    from marsad.resources.collector import GC_THRESHOLDS, tune_gc

    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        tune_gc()
        assert gc.get_threshold() == GC_THRESHOLDS
        gc.set_threshold(100_000, 5, 50)
        tune_gc()
        assert gc.get_threshold() == (100_000, GC_THRESHOLDS[1], 50)
        gc.set_threshold(0)  # a process that switched the collector off keeps it off
        tune_gc()
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*saved)


def test_the_cached_gazetteer_keeps_the_names_that_continue(tmp_path: Path) -> None:
    """The keys a longer name continues are built with the gazetteer and read back from its cache
    (the place scan no longer builds them on every process's first article)."""
    from marsad.geo.gazetteer import continued_keys, load

    built = load(user_dir=tmp_path / "user", cache=tmp_path / "cache")  # builds and writes the cache
    read = load(user_dir=tmp_path / "user", cache=tmp_path / "cache")  # reads it
    expected = continued_keys(built.names)
    assert len(expected) > 1000  # the shipped regional gazetteer has thousands of names of two words or more
    assert built.continued == expected and read.continued == expected and read is not built


def test_the_packaged_model_reads_its_name_list_on_first_use() -> None:
    from marsad.ner import crf

    model = crf.loads(crf.data_file("ner-crf.model").read_bytes())
    assert model.uses_names and model._names is None  # not parsed at load: the cached scorer needs its bytes only
    assert model.names == dictionary.name_word_list() and model._names is not None
