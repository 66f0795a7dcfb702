"""The frameworks the designer can search: built in, the unit's own folder, the user's store.

Loading a large framework and indexing it takes a moment, so the designer opens
without it: ``warm()`` starts the work in the background when a step with a
competency picker is first shown, and ``index()`` waits for it on the first search.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ..frameworks.files import load_framework
from ..frameworks.importing import ImportResult
from ..frameworks.search import FrameworkIndex
from ..frameworks.store import FrameworkCatalog, FrameworkStore, user_store_dir
from ..model import EmbeddedCompetency, Framework

#: Where a unit's own frameworks live, beside it (the sample units use it).
LOCAL_FOLDER = "frameworks"


class FrameworkLibrary:
    def __init__(self, unit_folder: Path, store: FrameworkStore | None = None):
        self.store = store or FrameworkStore(user_store_dir())
        self.local = unit_folder / LOCAL_FOLDER
        self.catalog = FrameworkCatalog([FrameworkStore(self.local), self.store])
        self._frameworks: dict[str, Framework] = {}
        self._index: FrameworkIndex | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.skipped: list[str] = []  # frameworks that could not be read, and why

    def _load(self) -> None:
        try:
            frameworks = {}
            for path in sorted(self.local.glob("*.framework.yaml")):  # a library's own files
                try:
                    framework = load_framework(path)
                except Exception as exc:  # a broken file must not hide the others: noted
                    self.skipped.append(f"{path.name}: {exc}")
                    continue
                frameworks.setdefault(framework.id, framework)
            for entry in self.catalog.entries():
                if entry.framework_id in frameworks:
                    continue
                try:
                    frameworks[entry.framework_id] = self.catalog.get(entry.framework_id)
                except Exception as exc:  # one unreadable stored file must not hide the others
                    self.skipped.append(f"{entry.framework_id}: {exc}")
                    continue
            index = FrameworkIndex(frameworks.values())
            index.search("")  # builds the lookup tables now, not on the first keystroke
            self._frameworks, self._index = frameworks, index
        except BaseException as exc:  # reported on the first search
            self._error = exc

    def warm(self) -> None:
        """Start loading and indexing in the background (once)."""
        with self._lock:
            if self._thread is None and self._index is None:
                self._thread = threading.Thread(target=self._load, daemon=True)
                self._thread.start()

    @property
    def ready(self) -> bool:
        return self._index is not None

    def index(self) -> FrameworkIndex:
        self.warm()
        thread = self._thread
        if thread is not None:
            thread.join()
        if self._error is not None:
            raise self._error
        assert self._index is not None
        return self._index

    def framework_ids(self) -> list[str]:
        self.index()
        return sorted(self._frameworks)

    def framework(self, framework_id: str) -> Framework:
        self.index()
        return self._frameworks[framework_id]

    def embed(self, ref: str) -> dict:
        """The unit's copy (as data) of the competency ``framework:item``."""
        from ..frameworks.embed import embed_competency

        framework_id, _, item_id = ref.partition(":")
        competency: EmbeddedCompetency = embed_competency(self.framework(framework_id), item_id)
        return competency.model_dump(mode="json", exclude_defaults=True)

    def import_framework(
        self, source: str, progress: Callable[[int, int], None] | None = None
    ) -> ImportResult:
        """Import a framework file or CASE URL into the user's store and make it searchable."""
        from ..frameworks.interchange import import_file, import_url

        source = source.strip()
        if source.startswith(("http://", "https://")):
            result = import_url(source, progress=progress)
        else:
            result = import_file(Path(source).expanduser(), progress=progress)
        self.store.save(result.framework)
        index = self.index()
        self._frameworks[result.framework.id] = result.framework
        index.add(result.framework)
        return result
