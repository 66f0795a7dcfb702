"""Where imported frameworks live: a folder of ``ID.framework.json`` files.

A teacher imports a framework once into their user store (``pbl-author
frameworks import``) and every unit can use it; a network can vendor frameworks
into its library by importing into the library's own folder (``--store DIR``).
The catalog looks up a framework id in the stores in order, then among the
built-in frameworks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..files.atomic import atomic_write_text
from ..model import DocumentError, Framework, Problem
from ..model.problems import did_you_mean
from .builtin import builtin_frameworks
from .files import dumps_framework, load_framework

#: Environment variable naming the user store folder (tests and shared hubs set it).
STORE_ENV = "PBL_AUTHOR_FRAMEWORKS"
SUFFIX = ".framework.json"
#: Imported frameworks can be large (a state's standards): read up to this size.
MAX_FRAMEWORK_BYTES = 256 * 1024 * 1024


def user_store_dir() -> Path:
    """The user's framework folder: $PBL_AUTHOR_FRAMEWORKS, else the platform's data folder."""
    configured = os.environ.get(STORE_ENV)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("pbl-author", appauthor=False)) / "frameworks"


class FrameworkStore:
    """One folder of imported frameworks."""

    def __init__(self, folder: str | os.PathLike[str]):
        self.folder = Path(folder)
        self._cache: dict[str, tuple[int, Framework]] = {}

    def path(self, framework_id: str) -> Path:
        return self.folder / f"{framework_id}{SUFFIX}"

    def ids(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(
            path.name.removesuffix(SUFFIX)
            for path in self.folder.glob(f"*{SUFFIX}")
            if not path.name.startswith(".")
        )

    def __contains__(self, framework_id: str) -> bool:
        return self.path(framework_id).is_file()

    def load(self, framework_id: str) -> Framework:
        path = self.path(framework_id)
        try:
            stamp = path.stat().st_mtime_ns
        except FileNotFoundError:
            raise KeyError(framework_id) from None
        cached = self._cache.get(framework_id)
        if cached and cached[0] == stamp:
            return cached[1]
        framework = load_framework(path, limit=MAX_FRAMEWORK_BYTES)
        if framework.id != framework_id:
            raise DocumentError(
                [
                    Problem(
                        "id", f"the file is named for '{framework_id}' but holds '{framework.id}'"
                    )
                ],
                str(path),
            )
        self._cache[framework_id] = (stamp, framework)
        return framework

    def save(self, framework: Framework) -> Path:
        """Write ``framework`` atomically (keeping the previous file as .bak)."""
        path = self.path(framework.id)
        atomic_write_text(path, dumps_framework(framework, json_format=True), backup=True)
        self._cache.pop(framework.id, None)
        return path


@dataclass(frozen=True)
class CatalogEntry:
    framework_id: str
    origin: str  # "built in" or the store folder


class FrameworkCatalog:
    """Every framework pbl-author can use here: stores first, then the built-in ones."""

    def __init__(self, stores: list[FrameworkStore] | None = None, *, builtin: bool = True):
        self.stores = stores if stores is not None else [FrameworkStore(user_store_dir())]
        self.builtin = builtin

    def entries(self) -> list[CatalogEntry]:
        seen: set[str] = set()
        entries = []
        for store in self.stores:
            for framework_id in store.ids():
                if framework_id not in seen:
                    seen.add(framework_id)
                    entries.append(CatalogEntry(framework_id, str(store.folder)))
        if self.builtin:
            for framework_id in builtin_frameworks():
                if framework_id not in seen:
                    seen.add(framework_id)
                    entries.append(CatalogEntry(framework_id, "built in"))
        return entries

    def get(self, framework_id: str) -> Framework:
        for store in self.stores:
            if framework_id in store:
                return store.load(framework_id)
        if self.builtin and framework_id in builtin_frameworks():
            return builtin_frameworks()[framework_id]
        known = [entry.framework_id for entry in self.entries()]
        hint = did_you_mean(framework_id, known)
        listed = f" (known: {', '.join(known)})" if known and not hint else ""
        raise DocumentError([Problem("", f"unknown framework '{framework_id}'{hint}{listed}")])

    def frameworks(self) -> list[Framework]:
        return [self.get(entry.framework_id) for entry in self.entries()]
