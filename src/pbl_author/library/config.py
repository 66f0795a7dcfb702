"""``library.yaml`` at the root of a library: what the library is and how it is checked.

Every key is optional; a folder of unit files without one is a library titled after
the folder::

    title: Cedar Network PBL Library
    description: Units our schools teach, shared under CC BY 4.0.
    facets: [grade-band, subject, duration, competency, framework]
    frameworks: [frameworks/cedar-competencies.framework.yaml]
    checks:
      disable: [dq-scope]
      severity: {public-date: error}
    design_rubric: review/cedar-design-rubric.yaml
    license: CC-BY-4.0
    base_url: https://units.cedar.example/
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..checks.config import CheckConfig
from ..files.text import read_document
from ..files.yamltext import load_yaml
from ..model import DocumentError, Label, Problem, StrictModel, Text, validate_as

CONFIG_NAME = "library.yaml"
Facet = Literal["grade-band", "subject", "duration", "competency", "framework"]
FACETS: tuple[Facet, ...] = ("grade-band", "subject", "duration", "competency", "framework")


class LibraryConfig(StrictModel):
    title: Label = ""
    description: Text = ""
    facets: list[Facet] = Field(default_factory=lambda: list(FACETS))
    #: Framework files (paths relative to the library root) the library vendors.
    frameworks: list[Label] = Field(default_factory=list)
    checks: CheckConfig = Field(default_factory=CheckConfig)
    #: A network's own design rubric for reviews (a path relative to the root).
    design_rubric: Label | None = None
    license: Label = ""
    base_url: Label = ""


def load_library_config(root: str | os.PathLike[str]) -> LibraryConfig:
    """The library's configuration (defaults when it has no ``library.yaml``)."""
    folder = Path(root)
    path = folder / CONFIG_NAME
    if not path.exists():
        return LibraryConfig(title=folder.resolve().name)
    try:
        config = validate_as(LibraryConfig, load_yaml(read_document(path)))
        try:
            config.checks.checked()
        except DocumentError as exc:
            problems = [Problem(f"checks.{p.path}", p.message) for p in exc.problems]
            raise DocumentError(problems) from None
        missing = [
            Problem(f"frameworks[{index}]", f"no such file: {name} (paths start at the library)")
            for index, name in enumerate(config.frameworks)
            if not (folder / name).is_file()
        ]
        if config.design_rubric and not (folder / config.design_rubric).is_file():
            missing.append(Problem("design_rubric", f"no such file: {config.design_rubric}"))
        if missing:
            raise DocumentError(missing)
    except DocumentError as exc:
        raise exc.with_source(str(path)) from None
    if not config.title:
        config.title = folder.resolve().name
    return config


__all__ = ["CONFIG_NAME", "FACETS", "LibraryConfig", "load_library_config"]
