"""What analysed a stored document: Marsad's build and the pipeline's options, as a fingerprint.

A store outlives the Marsad that filled it.  Every document it stores records

* the **build**: Marsad's version and a hash of everything that decides an analysis — the
  analysis code (:data:`ANALYSIS_PACKAGES`, :data:`ANALYSIS_MODULES`) and the shipped language
  data and models (``marsad/data``).  The version alone would not do: it changes rarely, while a
  round of work changes rules and models (round 31 added ``chain_spans`` to events with the
  version unchanged);
* the **options**: the stages run, the extraction mode, the hash of a model file given instead of
  a shipped one, the confidence thresholds.

The two together give the document's ``key``.  A document whose build differs from this Marsad's
is *stale*: ``marsad stats`` and ``/api/stats`` count them and ``marsad reanalyze`` brings them up
to date.  The hashes are computed once per process (~30 ms: 9 MB of data files).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from marsad import __version__
from marsad.pipeline import Pipeline, PipelineConfig, resolve_stages
from marsad.store.analysis import AnalysisStamp

_PACKAGE = Path(__file__).resolve().parent.parent
# The packages and modules whose code makes an analysis (the stages and every engine they call, the
# document model and the pipeline).  The store, the readers, the shells and the training and
# evaluation code are not in it: changing them changes no stored analysis.
ANALYSIS_PACKAGES: tuple[str, ...] = ("attribution", "data", "geo", "ner", "resources", "stages", "text", "timex")
ANALYSIS_MODULES: tuple[str, ...] = ("document.py", "errors.py", "pipeline.py")
HASH_CHARACTERS = 16  # of a SHA-256 hex digest: enough to tell builds apart, short enough to read


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))  # length-prefixed: no two part lists hash alike
        h.update(part)
    return h.hexdigest()[:HASH_CHARACTERS]


def _analysis_files(root: Path) -> list[Path]:
    files = [root / name for name in ANALYSIS_MODULES if (root / name).is_file()]
    for package in ANALYSIS_PACKAGES:
        files.extend(p for p in (root / package).rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    return sorted(files)


@functools.cache
def build_fingerprint(root: Path = _PACKAGE) -> str:
    """Marsad's version and a hash of its analysis code and shipped data: ``0.1.0+<hash>``."""
    parts: list[bytes] = []
    for path in _analysis_files(root):
        parts.append(path.relative_to(root).as_posix().encode())
        parts.append(path.read_bytes())
    return f"{__version__}+{_digest(*parts)}"


@functools.cache
def _file_hash(path: str) -> str:
    try:
        return "sha256:" + _digest(Path(path).read_bytes())
    except OSError:
        return "unreadable:" + path  # the pipeline would not build either; kept distinct from a readable file


def describe(config: PipelineConfig | None, stage_names: list[str] | None = None) -> dict[str, object]:
    """The options of an analysis as stored: build, stages, extraction, models, thresholds.

    ``config`` None: a pipeline made by hand from stage objects (``stage_names``); marked ``custom``."""
    if config is None:
        return {"marsad": __version__, "build": build_fingerprint(), "stages": list(stage_names or []),
                "custom": True}
    stages = stage_names if stage_names is not None else [spec.name for spec in resolve_stages(config.stages)]
    return {
        "marsad": __version__,
        "build": build_fingerprint(),
        "stages": list(stages),
        "extraction": config.effective_extraction or "default",
        "attribution_model": _file_hash(config.attribution_model) if config.attribution_model else "shipped",
        "repair_context_model": (_file_hash(config.repair_context_model) if config.repair_context_model
                                 else "shipped"),
        "event_min_confidence": config.event_min_confidence,
        "min_dotless_confidence": config.min_dotless_confidence,
    }


def stamp_for(pipeline: Pipeline | PipelineConfig) -> AnalysisStamp:
    """The stamp every document analysed by ``pipeline`` (or a pipeline built from this config) gets."""
    if isinstance(pipeline, PipelineConfig):
        description = describe(pipeline)
    elif pipeline.config is not None:
        description = describe(pipeline.config, pipeline.names)
    else:
        description = describe(None, pipeline.names)
    text = json.dumps(description, ensure_ascii=False, sort_keys=True)
    return AnalysisStamp(key=_digest(text.encode()), build=str(description["build"]), description=text)


def stamp_from_columns(key: object, build: object, description: object) -> AnalysisStamp | None:
    """The stamp a table of analysed documents carries (the Spark job's ``analysis_key``,
    ``analysis_build`` and ``analysis`` columns), or None (unknown: stale) when one is missing or they
    do not agree: the key is the hash of the description and the build is the description's, as
    :func:`stamp_for` makes them, so a half-written or hand-edited row never passes for this build."""
    if not (isinstance(key, str) and isinstance(build, str) and isinstance(description, str)):
        return None
    try:
        described = json.loads(description)
    except ValueError:
        return None
    if not isinstance(described, dict) or described.get("build") != build or _digest(description.encode()) != key:
        return None
    return AnalysisStamp(key=key, build=build, description=description)


def command_options(description: dict[str, Any] | None) -> list[str]:
    """The options of ``marsad ingest`` / ``marsad reanalyze`` that ask for an analysis with the options
    ``description`` records (:func:`describe`; None, an unknown analysis: the defaults, none).

    A model file is recorded by its hash only, so it is named ``FILE`` for the user to give again; a
    custom pipeline and a dotless threshold have no option.  Without them, ``marsad reanalyze`` would
    replace (say) a learned extraction by the default one."""
    if not description:
        return []
    options: list[str] = []
    stages = description.get("stages")
    if isinstance(stages, list) and stages != [spec.name for spec in resolve_stages(None)]:
        options += ["--stages", ",".join(str(s) for s in stages)]
    extraction = description.get("extraction")
    if extraction not in (None, "default"):
        options += ["--extraction", str(extraction)]
    if description.get("attribution_model", "shipped") != "shipped":
        options += ["--attribution-model", "FILE"]
    if description.get("repair_context_model", "shipped") != "shipped":
        options += ["--repair-context-model", "FILE"]
    if description.get("event_min_confidence") is not None:
        options += ["--min-confidence", str(description["event_min_confidence"])]
    return options


def stale_command_options(analyses: list[dict[str, Any]], build: str) -> list[str] | None:
    """:func:`command_options` shared by every analysis of another build than ``build`` (``analyses``:
    ``Store.analyses()``), so the suggested ``marsad reanalyze`` keeps the options they were analysed
    with; None when they differ (no one command re-analyses them all with their own options)."""
    found = {tuple(command_options(a.get("description"))) for a in analyses if a.get("build") != build}
    return list(found.pop()) if len(found) == 1 else ([] if not found else None)
