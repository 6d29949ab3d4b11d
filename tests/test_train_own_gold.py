"""Retraining on one's own annotations: a gold folder of its own (``--gold DIR``, a corpus name of its own),
the shared data folder given as ``--data`` (the name ``marsad train ner`` uses), and a bad annotation named on
stderr rather than left out in silence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from tool_module import load_tool

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "gold"


def _open_rows() -> dict[str, dict[str, object]]:
    lines = (GOLD / "open-articles.jsonl").read_text("utf-8").splitlines()
    return {row["id"]: row for row in map(json.loads, lines)}


def _splits() -> dict[str, str]:
    return dict(line.split("\t")[:2] for line in (GOLD / "splits.tsv").read_text("utf-8").splitlines()[1:])


def _own_gold(root: Path, which: str, n_train: int = 3) -> tuple[Path, list[str], str]:
    """A user's gold folder: ``n_train`` + 1 ANERcorp train articles and one dev article with their ``which``
    annotations (``annotations`` or ``places``), renamed corpus ``mine``; the last train article's annotation
    is broken (a span past the end of its text). Returns the folder, the sound train ids and the broken one."""
    rows, splits = _open_rows(), _splits()
    key = "places" if which == "places" else "events"
    annotated = {p.stem for p in sorted((GOLD / which).glob("aner-00*.json"))
                 if json.loads(p.read_text("utf-8")).get(key)}
    train = sorted(i for i in annotated if splits.get(i) == "train")[:n_train + 1]
    dev = sorted(i for i in annotated if splits.get(i) == "dev")[:1]
    root.mkdir()
    (root / which).mkdir()
    (root / "splits.tsv").write_text("id\tsplit\n" + "".join(f"{i}\t{splits[i]}\n" for i in train + dev), "utf-8")
    (root / "open-articles.jsonl").write_text(
        "".join(json.dumps({**rows[i], "corpus": "mine"}, ensure_ascii=False) + "\n" for i in train + dev), "utf-8")
    for article_id in train + dev:
        (root / which / f"{article_id}.json").write_bytes((GOLD / which / f"{article_id}.json").read_bytes())
    broken = train[-1]
    data = json.loads((root / which / f"{broken}.json").read_text("utf-8"))
    end = len(str(rows[broken]["text"])) + 5
    data[key][0]["mention" if which == "places" else "trigger"] = [0, end]
    (root / which / f"{broken}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return root, train[:-1], broken


def test_train_attribution_on_an_own_gold_folder_names_the_bad_annotation(tmp_path: Path) -> None:
    gold, sound, broken = _own_gold(tmp_path / "mine", "annotations")
    model = tmp_path / "model.json"
    result = CliRunner().invoke(app, ["train", "attribution", "--gold", str(gold), "--corpora", "mine",
                                      "--pool-corpora", "", "--data", str(tmp_path / "no-shared"),
                                      "--out", str(model), "--json"])
    assert result.exit_code == 0, result.output
    trained = json.loads(result.stdout)["trained_on"]
    assert trained["corpora"] == ["mine"] and trained["train"]["articles"] == len(sound) == 3
    assert trained["dev"]["articles"] == 1 and model.is_file()
    assert broken in result.stderr and "bad span" in result.stderr
    assert "Traceback" not in result.output


def test_train_attribution_chooses_thresholds_on_held_out_folds_too(tmp_path: Path) -> None:
    """``--threshold-folds 2``: each train fold is scored by models fitted on the other, and the thresholds
    are chosen on those scores and dev's; a fold count that makes no folds is refused with a message."""
    gold, sound, _broken = _own_gold(tmp_path / "mine", "annotations", n_train=4)
    args = ["train", "attribution", "--gold", str(gold), "--corpora", "mine", "--pool-corpora", "",
            "--data", str(tmp_path / "no-shared"), "--json"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "m.json"), "--threshold-folds", "2"])
    assert result.exit_code == 0, result.output
    meta = json.loads(result.stdout)
    assert meta["threshold_folds"] == 2 and meta["trained_on"]["train"]["articles"] == len(sound) == 4
    assert 0.0 < meta["thresholds"]["trigger_rules"] < 1.0
    refused = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "n.json"), "--threshold-folds", "1"])
    assert refused.exit_code == 2 and "--threshold-folds" in " ".join(refused.output.split())
    assert "Traceback" not in refused.output and not (tmp_path / "n.json").exists()


def test_train_attribution_records_a_smoothed_trigger_choice(tmp_path: Path) -> None:
    """``--trigger-radius 2``: the trigger pair is chosen on the smoothed dev surface and the model file says
    so; a negative radius is refused with a message, not a traceback."""
    gold, _sound, _broken = _own_gold(tmp_path / "mine", "annotations")
    args = ["train", "attribution", "--gold", str(gold), "--corpora", "mine", "--pool-corpora", "",
            "--data", str(tmp_path / "no-shared"), "--json"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "m.json"), "--trigger-radius", "2"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["trigger_radius"] == 2
    assert json.loads((tmp_path / "m.json").read_text("utf-8"))["trigger_radius"] == 2
    refused = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "n.json"), "--trigger-radius", "-1"])
    assert refused.exit_code == 2 and "--trigger-radius" in " ".join(refused.output.split())
    assert "Traceback" not in refused.output and not (tmp_path / "n.json").exists()


def test_train_attribution_records_a_bagged_trigger_choice(tmp_path: Path) -> None:
    """``--trigger-bags 20``: the trigger pair is averaged over resamples of the dev articles and the model file
    records them and their spread; a negative count is refused with a message, not a traceback."""
    gold, _sound, _broken = _own_gold(tmp_path / "mine", "annotations")
    args = ["train", "attribution", "--gold", str(gold), "--corpora", "mine", "--pool-corpora", "",
            "--data", str(tmp_path / "no-shared"), "--json"]
    result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "m.json"), "--trigger-bags", "20"])
    assert result.exit_code == 0, result.output
    model = json.loads((tmp_path / "m.json").read_text("utf-8"))
    bags = model["trigger_bags"]
    assert bags == json.loads(result.stdout)["trigger_bags"] and bags["bags"] == 20
    assert bags["trigger_rules"]["min"] <= model["thresholds"]["trigger_rules"] <= bags["trigger_rules"]["max"]
    assert bags["trigger"]["sd"] >= 0.0
    refused = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "n.json"), "--trigger-bags", "-1"])
    assert refused.exit_code == 2 and "--trigger-bags" in " ".join(refused.output.split())
    assert "Traceback" not in refused.output and not (tmp_path / "n.json").exists()


def test_train_attribution_records_a_bagged_argument_choice(tmp_path: Path) -> None:
    """``--argument-bags 20``: the actor's and target's thresholds are averaged over resamples of the dev
    articles, twice alike, and the model file records the resamples' spread; without it the file has no such
    record; a negative count is refused with a message, not a traceback."""
    gold, _sound, _broken = _own_gold(tmp_path / "mine", "annotations")
    args = ["train", "attribution", "--gold", str(gold), "--corpora", "mine", "--pool-corpora", "",
            "--data", str(tmp_path / "no-shared"), "--json"]
    for name in ("a.json", "b.json"):
        result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / name), "--argument-bags", "20"])
        assert result.exit_code == 0, result.output
    first, again = (json.loads((tmp_path / n).read_text("utf-8")) for n in ("a.json", "b.json"))
    bags = first["argument_bags"]
    assert bags == again["argument_bags"] and first["thresholds"] == again["thresholds"]  # a fixed seed
    assert bags["bags"] == 20 and bags["seed"] == first["trigger_bags"]["seed"]
    for role in ("actor", "target"):
        chosen = first["thresholds"]["argument_by_role"][role]
        assert bags[role]["min"] <= chosen <= bags[role]["max"] and bags[role]["sd"] >= 0.0
    plain = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "p.json")])
    assert plain.exit_code == 0, plain.output
    assert "argument_bags" not in json.loads((tmp_path / "p.json").read_text("utf-8"))
    refused = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "n.json"), "--argument-bags", "-1"])
    assert refused.exit_code == 2 and "--argument-bags" in " ".join(refused.output.split())
    assert "Traceback" not in refused.output and not (tmp_path / "n.json").exists()


def test_train_attribution_says_why_saudinewsnet_articles_are_left_out(tmp_path: Path) -> None:
    """Without the shared data folder the SaudiNewsNet articles asked for are named, each with the reason;
    the open recipe, which never reads them, says nothing of them."""
    args = ["train", "attribution", "--gold", str(GOLD), "--data", str(tmp_path / "no-shared"),
            "--out", str(tmp_path / "m.json")]
    asked = CliRunner().invoke(app, [*args, "--corpora", "saudinewsnet", "--pool-corpora", ""])
    assert asked.exit_code == 2
    assert "need the shared data folder" in asked.stderr and "snn-" in asked.stderr
    assert "no annotated train article in corpora 'saudinewsnet'" in " ".join(asked.output.split())


@pytest.mark.parametrize("option", ["--shared", "--data"])
def test_train_places_on_an_own_gold_folder_names_the_bad_annotation(tmp_path: Path, option: str) -> None:
    gold, sound, broken = _own_gold(tmp_path / "mine", "places")
    model = tmp_path / "scorer.json"
    result = CliRunner().invoke(app, ["train", "places", "--gold", str(gold), "--corpora", "mine", "--c", "1",
                                      option, str(tmp_path / "no-shared"), "--out", str(model), "--json"])
    assert result.exit_code == 0, result.output
    trained = json.loads(result.stdout)["trained_on"]
    assert trained["corpora"] == ["mine"] and trained["train_articles"] == len(sound) == 3
    assert broken in result.stderr and model.is_file()


def test_places_cv_reads_a_scorer_trained_on_every_corpus() -> None:
    """``tools/eval_places_cv.py --model`` with a scorer of ``train places --corpora all``: its folds learn from
    every corpus at hand (the file says "all"), not from none."""
    tool = load_tool("eval_places_cv.py")
    present = {"anercorp", "ntrex128", "saudinewsnet", "xquad"}
    assert tool.learned_corpora({"corpora": "all"}, present) == present
    assert tool.learned_corpora({"corpora": ["anercorp", "saudinewsnet"]}, present) == {"anercorp", "saudinewsnet"}
    assert tool.learned_corpora({}, present) == {"anercorp", "ntrex128"}
