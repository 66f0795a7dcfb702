"""Is the committed JupyterLab bundle built from the current sources? (No Node needed.)

The bundle in ``src/pbl_author/labextension`` is built by ``jlpm build:prod``
and committed, so that installing pbl-author needs no Node. That command ends
by running this script, which records a hash of the build inputs in
``labextension.stamp``. ``--check`` recomputes the hash and fails when an
input changed after the last production build (or the bundle is missing or
is a development build)::

    python scripts/labext_stamp.py                # write labextension.stamp
    python scripts/labext_stamp.py --check        # exit 1 if the bundle is stale
    python scripts/labext_stamp.py --check --root COPY   # check another tree

It also provides ``hatch_build``, the build function of the hatch
``jupyter-builder`` hook in pyproject.toml: with the bundle present it does
nothing (for editable installs too, which would otherwise run ``jlpm``);
without it, it builds with ``jlpm`` and so fails loudly where Node is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("src/index.ts", "package.json", "tsconfig.json", "yarn.lock", ".yarnrc.yml")
BUNDLE = "src/pbl_author/labextension"
STAMP = "labextension.stamp"
REBUILD = "jlpm install && jlpm build:prod"


def digest(root: Path) -> str:
    """SHA-256 over the build inputs (line endings normalised)."""
    h = hashlib.sha256()
    for rel in INPUTS:
        data = (root / rel).read_bytes().replace(b"\r\n", b"\n")
        h.update(rel.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


def problems(root: Path) -> list[str]:
    """Why the committed bundle under ``root`` cannot be trusted (empty when it can)."""
    bundle = root / BUNDLE
    if not (bundle / "package.json").is_file():
        return [f"{BUNDLE}/package.json is missing"]
    found = []
    stamp = root / STAMP
    if not stamp.is_file():
        found.append(f"{STAMP} is missing")
    elif stamp.read_text(encoding="utf-8").strip() != digest(root):
        changed = ", ".join(INPUTS)
        found.append(f"one of {changed} changed since the last production build")
    if any(bundle.rglob("*.js.map")):
        found.append(f"{BUNDLE} holds a development build (source maps)")
    return found


def hatch_build(target_name: str, version: str, **kwargs) -> None:
    """Build function for hatch-jupyter-builder: build only when no bundle is committed."""
    if (ROOT / BUNDLE / "package.json").is_file():
        for problem in problems(ROOT):
            print(f"pbl-author: warning: labextension bundle: {problem}", file=sys.stderr)
        return
    from hatch_jupyter_builder import npm_builder

    npm_builder(target_name, version, **kwargs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the bundle is stale")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not args.check:
        (root / STAMP).write_text(digest(root) + "\n", encoding="utf-8")
        return 0
    found = problems(root)
    if found:
        for problem in found:
            print(f"labextension bundle is STALE: {problem}", file=sys.stderr)
        print(f"Rebuild it with `{REBUILD}` and commit the result.", file=sys.stderr)
        return 1
    print("labextension bundle is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
