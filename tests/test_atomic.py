"""Atomic writes: the unit file is always the old or the new version, never corrupt."""

from __future__ import annotations

import os
import random
import signal
import time

import pytest

from pbl_author.files.atomic import atomic_write_bytes
from pbl_author.formats.unitfile import load_unit, save_unit

from .conftest import DATA

KILLS = int(os.environ.get("PBL_KILL_ROUNDS", "120"))


def _writer(target: str, versions: list[bytes]) -> None:  # runs in the forked child
    index = 0
    while True:
        atomic_write_bytes(target, versions[index % 2], backup=True)
        index += 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_killing_the_writer_never_leaves_a_corrupt_file(tmp_path):
    unit = load_unit(DATA / "creek-study.unit.yaml")
    old_path = tmp_path / "old.unit.yaml"
    new_path = tmp_path / "new.unit.yaml"
    save_unit(unit, old_path)
    revised = unit.model_dump()
    revised["title"] = "Creek study, revised"
    revised["identity"]["summary"] = "A longer summary. " * 1000  # a write of many blocks
    save_unit(type(unit).model_validate(revised), new_path)
    versions = [old_path.read_bytes(), new_path.read_bytes()]
    target = tmp_path / "work" / "creek.unit.yaml"
    target.parent.mkdir()
    target.write_bytes(versions[0])
    rng = random.Random(20261122)
    seen = set()
    for _ in range(KILLS):
        pid = os.fork()
        if pid == 0:  # child: write until killed
            try:
                _writer(str(target), versions)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        content = target.read_bytes()
        assert content in versions, "the unit file is neither the old nor the new version"
        seen.add(versions.index(content))
        backup = target.with_name(target.name + ".bak")
        if backup.exists():
            assert backup.read_bytes() in versions
        load_unit(target)  # and it still loads
    assert seen == {0, 1}, "the kills never caught one of the versions: the test proves nothing"


def test_write_keeps_previous_version_as_backup(tmp_path):
    target = tmp_path / "a.unit.yaml"
    assert atomic_write_bytes(target, b"one\n", backup=True)
    assert not (tmp_path / "a.unit.yaml.bak").exists()
    assert atomic_write_bytes(target, b"two\n", backup=True)
    assert (tmp_path / "a.unit.yaml.bak").read_bytes() == b"one\n"
    assert target.read_bytes() == b"two\n"


def test_unchanged_content_is_not_rewritten(tmp_path):
    target = tmp_path / "a.unit.yaml"
    atomic_write_bytes(target, b"same\n", backup=True)
    before = target.stat().st_mtime_ns
    time.sleep(0.01)
    assert atomic_write_bytes(target, b"same\n", backup=True) is False
    assert target.stat().st_mtime_ns == before
    assert not (tmp_path / "a.unit.yaml.bak").exists()


def test_no_temporary_files_are_left_behind(tmp_path):
    target = tmp_path / "a.unit.yaml"
    for n in range(5):
        atomic_write_bytes(target, f"{n}\n".encode(), backup=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.unit.yaml", "a.unit.yaml.bak"]


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.unit.yaml"
    atomic_write_bytes(target, b"old\n")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.unit.yaml"]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_follow_the_umask_not_mkstemps_0600(tmp_path, umask, mode):
    """Readable by others as a plain ``open()`` would make them; group-writable in a
    school's shared library folder (umask 002, see docs/jupyterhub.md)."""
    target = tmp_path / "a.unit.yaml"
    old = os.umask(umask)
    try:
        atomic_write_bytes(target, b"x\n")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == mode
