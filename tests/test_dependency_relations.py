"""tools/build_dependency_relations.py: the relation model (subject / object / oblique / genitive of a
predicate) from UD Arabic-PUD, its alignment of treebank tokens to written words, its train-only rule."""

from __future__ import annotations

from pathlib import Path

from build_dependency_relations import (
    RELATIONS,
    examples,
    predicate_kind,
    read_conllu,
    relation_features,
    train_docs,
    word_of_tokens,
)
from marsad.attribution.text import analyse
from marsad.document import Document
from marsad.train.attribution import fit_multiclass

# two sentences of two documents, in the treebank's layout: ``لأوباما`` is two tokens (ل + أوباما)
CONLLU = """# newdoc id = d1
# sent_id = d1-1
# text = دعا الرئيس الحكومة لأوباما.
1\tدعا\tدعا\tVERB\tVB\t_\t0\troot\t_\t_
2\tالرئيس\tرئيس\tNOUN\tNN\t_\t1\tnsubj\t_\t_
3\tالحكومة\tحكومة\tNOUN\tNN\t_\t1\tobj\t_\t_
4\tل\tل\tADP\tIN\t_\t5\tcase\t_\tSpaceAfter=No
5\tأوباما\tأوباما\tPROPN\tNNP\t_\t1\tobl\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_

# newdoc id = d2
# sent_id = d2-1
# text = قتل الجنود.
1\tقتل\tقتل\tVERB\tVB\t_\t0\troot\t_\t_
2\tالجنود\tجندي\tNOUN\tNN\t_\t1\tnsubj:pass\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_
"""


def _sentences(tmp_path: Path) -> list:  # type: ignore[type-arg]
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    return read_conllu(path)


def test_treebank_tokens_map_to_the_written_words(tmp_path: Path) -> None:
    first = _sentences(tmp_path)[0]
    toks = analyse(Document(text=first.text)).tokens
    words = word_of_tokens(first, toks)
    assert words is not None
    # the preposition and the name are one written word, its full stop apart
    assert words[4] == words[5] == 3
    assert toks[words[5]].form == "لاوباما"
    assert 6 not in words


def test_examples_carry_the_relation_of_the_word_to_the_predicate(tmp_path: Path) -> None:
    first, second = _sentences(tmp_path)
    labels = [label for _, label in examples(first)]
    # from the verb: subject, object, oblique (the written word لأوباما); the nouns as predicates relate
    # to nothing after them
    assert labels[:3] == ["nsubj", "obj", "obl"]
    assert set(labels[3:]) == {"none"}
    # a passive subject is what the verb acts on
    assert [label for _, label in examples(second)] == ["obj"]


def test_only_train_documents_are_read(tmp_path: Path) -> None:
    splits = tmp_path / "splits.tsv"
    splits.write_text("id\tsplit\npud-d1\ttrain\npud-d2\tdev\npud-d3\ttest\naner-0001\ttrain\n", encoding="utf-8")
    assert train_docs(splits) == {"d1"}


def test_features_read_direction_and_clitics() -> None:
    toks = analyse(Document(text="دعا الرئيس الحكومة لأوباما.")).tokens
    feats = relation_features(toks, 0, len(toks), 0, 3, "v")
    assert "pk=v|d=a|cpro=ل" in feats
    assert "pk=v|d=a|gap=2" in feats
    assert relation_features(toks, 0, len(toks), 2, 1, "n")[2] == "pk=n|d=b"


def test_predicate_kind_from_the_lexicon_or_the_shape() -> None:
    assert predicate_kind("الهجوم") == "n"
    assert predicate_kind("باغتت") == "v"  # not ب + a noun


def test_a_model_fitted_on_the_examples_tells_subject_from_object(tmp_path: Path) -> None:
    first, _ = _sentences(tmp_path)
    model = fit_multiclass(examples(first) * 20, 1.0, RELATIONS)
    rows = examples(first)
    subject, obj = (model.probabilities(feats) for feats, _ in rows[:2])
    assert max(subject, key=subject.__getitem__) == "nsubj"
    assert max(obj, key=obj.__getitem__) == "obj"
