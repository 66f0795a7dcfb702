"""``pbl-author library check DIR``: every unit validated and design-checked with the
library's configuration, and every competency's framework found in the library.

A framework is in the library when it is built in (the 4Cs, CASEL), listed under
``frameworks:`` in ``library.yaml``, or kept in the library's ``frameworks/`` folder.
A unit whose competencies come from a framework the library does not have gets an
error: the library site could not list its competencies or link them across units.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..checks import CheckReport, Finding, UnitReport, run_checks
from ..formats import unitfile
from ..frameworks import builtin_frameworks, is_framework_file, load_framework
from ..model import DocumentError, Unit
from .config import LibraryConfig, load_library_config

FRAMEWORK_RULE = "library-framework"
Progress = Callable[[int, int], None]  # (done, total)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


def unit_files(root: str | os.PathLike[str]) -> list[Path]:
    """The library's unit files, in path order (hidden and ``_`` folders left out)."""
    folder = Path(root)
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and unitfile.is_unit_file(path) and not _hidden(path, folder)
    )


def library_framework_ids(root: str | os.PathLike[str], config: LibraryConfig) -> set[str]:
    """Ids of the frameworks the library has (DocumentError when a listed file is broken)."""
    folder = Path(root)
    paths = [folder / name for name in config.frameworks]
    local = folder / "frameworks"
    if local.is_dir():
        paths += sorted(p for p in local.iterdir() if is_framework_file(p))
    return set(builtin_frameworks()) | {load_framework(path).id for path in paths}


def framework_findings(unit: Unit, known: set[str]) -> list[Finding]:
    findings = []
    for index, competency in enumerate(unit.competencies):
        framework = competency.ref.split(":", 1)[0]
        if framework not in known:
            findings.append(
                Finding(
                    rule=FRAMEWORK_RULE,
                    severity="error",
                    message=(
                        f"competency '{competency.ref}' is from framework '{framework}', "
                        "which the library does not have"
                    ),
                    element="goals",
                    path=f"competencies[{index}].ref",
                    hint=(
                        "add the framework file to the library's frameworks/ folder, "
                        "or list it under frameworks: in library.yaml"
                    ),
                )
            )
    return findings


def check_library(
    root: str | os.PathLike[str],
    config: LibraryConfig | None = None,
    *,
    progress: Progress | None = None,
) -> CheckReport:
    """One report entry per unit file under ``root`` (unreadable ones name why)."""
    folder = Path(root)
    config = config or load_library_config(folder)
    known = library_framework_ids(folder, config)
    report = CheckReport()
    paths = unit_files(folder)
    for done, path in enumerate(paths, start=1):
        shown = path.relative_to(folder).as_posix()
        try:
            unit = unitfile.load_unit(path)
        except DocumentError as exc:
            report.units.append(UnitReport(path=shown, problems=exc.with_source(shown).lines()))
        else:
            findings = framework_findings(unit, known) + run_checks(unit, config.checks)
            report.units.append(
                UnitReport(path=shown, unit_id=unit.id, title=unit.title, findings=findings)
            )
        if progress is not None:
            progress(done, len(paths))
    return report.counted()


__all__ = ["FRAMEWORK_RULE", "check_library", "framework_findings", "unit_files"]
