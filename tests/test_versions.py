"""Package versions read from ``.dist-info`` names agree with ``importlib.metadata``."""

from __future__ import annotations

from importlib import metadata

from marsad.resources.cache import library_version
from marsad.resources.versions import installed_version


def test_every_installed_distribution_has_the_version_importlib_metadata_gives() -> None:
    names = {dist.metadata["Name"] for dist in metadata.distributions() if dist.metadata["Name"]}
    assert {"wordfreq", "babel", "pyahocorasick", "regex"} <= {n.lower() for n in names}
    for name in sorted(names):
        assert installed_version(name) == metadata.version(name), name


def test_spellings_of_one_name_and_an_absent_package() -> None:
    assert installed_version("PyYAML") == installed_version("pyyaml") == metadata.version("PyYAML")
    assert installed_version("sklearn-crfsuite") == installed_version("sklearn_crfsuite")
    assert installed_version("no-such-package-marsad") is None
    assert library_version("no-such-package-marsad") == "no-such-package-marsad absent"
    assert library_version("wordfreq") == f"wordfreq=={metadata.version('wordfreq')}"
