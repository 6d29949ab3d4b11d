"""What ``marsad train ner`` does, apart from printing (scoring is ``marsad.evaluate.ner``).

Training data: the ANERcorp train part (CAMeL split, reconstructed) minus a
held-out tail, plus AQMAR train.  The held-out tail is always the same (the last
:data:`DEFAULT_HOLDOUT` of ANERcorp's sentences), is recorded in the model
header, and ``marsad eval ner --part heldout`` scores exactly that part.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.ner.conll import ConllError, Sentence, read_conll, split_holdout
from marsad.ner.crf import NerModel, TrainingParams, train

ANERCORP_TRAIN = Path("anercorp") / "ANERCorp_reconstructed_train.txt"
AQMAR_TRAIN = Path("aqmar") / "train.txt"
AQMAR_DEV = Path("aqmar") / "dev.txt"
DEFAULT_HOLDOUT = 0.15

ATTRIBUTION = {
    "license": "CC BY-SA 4.0 (ANERcorp, CAMeL Lab redistribution); CC BY-SA 3.0 (AQMAR)",
    "attribution": [
        "ANERcorp: Y. Benajiba, P. Rosso, J.M. Benedí Ruiz. ANERsys: An Arabic Named Entity "
        "Recognition System Based on Maximum Entropy. CICLing 2007. Train/test split: O. Obeid et al., "
        "CAMeL Tools, LREC 2020 (split reconstructed).",
        "AQMAR Arabic Wikipedia NER corpus: B. Mohit, N. Schneider, R. Bhowmick, K. Oflazer, "
        "N.A. Smith. Recall-Oriented Learning of Named Entities in Arabic Wikipedia. EACL 2012.",
    ],
    "note": "The model weights are derived from the corpora above and shared under CC BY-SA.",
}


class TrainingDataError(MarsadError, ValueError):
    """Training data that cannot be found or read."""


@dataclass(slots=True)
class TrainingData:
    train: list[Sentence]
    heldout: list[Sentence]
    sources: list[dict[str, Any]]


def _read(path: Path) -> list[Sentence]:
    try:
        return read_conll(path).sentences
    except ConllError as exc:
        raise TrainingDataError(str(exc)) from None


def load_training_data(
    data_dir: Path | None = None,
    extra_files: Sequence[Path] = (),
    *,
    holdout: float = DEFAULT_HOLDOUT,
    use_aqmar: bool = True,
) -> TrainingData:
    """ANERcorp (minus its held-out tail) + AQMAR train from ``data_dir``, plus ``extra_files``."""
    train_part: list[Sentence] = []
    heldout: list[Sentence] = []
    sources: list[dict[str, Any]] = []
    if data_dir is not None:
        anercorp = data_dir / ANERCORP_TRAIN
        if not anercorp.is_file():
            raise TrainingDataError(
                f"{data_dir}: no {ANERCORP_TRAIN} (give the directory holding anercorp/ and aqmar/)"
            )
        sentences = _read(anercorp)
        train_part, heldout = split_holdout(sentences, holdout)
        sources.append(
            {
                "file": ANERCORP_TRAIN.as_posix(),
                "sentences_used": len(train_part),
                "heldout": f"last {holdout:.0%} of sentences ({len(heldout)} sentences)",
            }
        )
        aqmar = data_dir / AQMAR_TRAIN
        if use_aqmar and aqmar.is_file():
            extra = _read(aqmar)
            train_part.extend(extra)
            sources.append({"file": AQMAR_TRAIN.as_posix(), "sentences_used": len(extra)})
    for path in extra_files:
        extra = _read(path)
        train_part.extend(extra)
        sources.append({"file": path.name, "sentences_used": len(extra)})
    if not train_part:
        raise TrainingDataError("no training sentences: give --data DIR and/or --train FILE")
    return TrainingData(train_part, heldout, sources)


def train_model(
    data: TrainingData,
    params: TrainingParams | None = None,
    *,
    holdout: float = DEFAULT_HOLDOUT,
    progress: Callable[[str], None] | None = None,
    classes: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> NerModel:
    provenance = {"trained_on": data.sources, "holdout_fraction": holdout, **ATTRIBUTION}
    return train(data.train, params=params, provenance=provenance, progress=progress, classes=classes, names=names)

