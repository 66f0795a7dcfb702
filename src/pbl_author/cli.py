"""``pbl-author``: the command line. ``main(argv)`` returns the exit status.

Exit status: 0 success, 2 bad input (an invalid file, a wrong argument), 1 an
unexpected failure (a bug: please report it; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .files.atomic import atomic_write_bytes, atomic_write_text
from .formats import unitfile
from .frameworks import builtin_frameworks, is_framework_file, load_framework
from .frameworks.interchange import (
    FORMATS,
    case_listing,
    export_framework,
    import_file,
    import_url,
)
from .frameworks.store import FrameworkCatalog, FrameworkStore, user_store_dir
from .model import SCHEMA_VERSION, DocumentError, Framework, Problem, parse_unit, slugify
from .model.problems import did_you_mean
from .model.versions import schema_version_of
from .progress import terminal_progress
from .render.text import one_line
from .resources import template_names, template_path

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_FINDINGS = 1  # `check`: error-level findings
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad arguments: printed as one paragraph, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print and sys.exit itself
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


# -- helpers ---------------------------------------------------------------


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def iter_documents(paths: Sequence[str], *, frameworks: bool = True) -> Iterator[Path]:
    """Unit files (and framework files) named by ``paths``; folders are searched."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = False
            for candidate in sorted(path.rglob("*")):
                if not candidate.is_file() or _hidden(candidate, path):
                    continue
                if unitfile.is_unit_file(candidate) or (
                    frameworks and is_framework_file(candidate)
                ):
                    found = True
                    yield candidate
            if not found:
                raise DocumentError(
                    [
                        Problem(
                            "", "no unit files (NAME.unit.yaml or NAME.unit.json) in this folder"
                        )
                    ],
                    name,
                )
        elif path.exists() or unitfile.is_unit_file(path) or is_framework_file(path):
            yield path
        else:
            raise DocumentError([Problem("", "no such file or folder")], name)


# -- commands --------------------------------------------------------------


def cmd_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    names = template_names()
    if args.template not in names:
        hint = did_you_mean(args.template, names)
        raise UsageError(
            f"unknown template '{args.template}'{hint} (templates: {', '.join(names)})"
        )
    unit_id = slugify(args.title, "unit")
    target = Path(args.output) if args.output else Path(f"{unit_id}.unit.yaml")
    if target.is_dir():
        target = target / f"{unit_id}.unit.yaml"
    if not unitfile.is_unit_file(target):
        raise UsageError(f"'{target}': unit files are named NAME.unit.yaml or NAME.unit.json")
    if target.exists() and not args.force:
        raise UsageError(f"'{_display(target)}' already exists; choose another name or add --force")
    data = unitfile.load_unit(template_path(args.template)).to_data()
    unit = parse_unit(data | {"id": unit_id, "title": args.title})
    unitfile.save_unit(unit, target)
    print(f"created {_display(target)} from the '{args.template}' template", file=out)
    return EXIT_OK


def _describe_ok(path: Path) -> str:
    if is_framework_file(path):
        framework = load_framework(path)
        return f"framework '{framework.id}': {framework.title} ({len(framework.items)} items)"
    unit = unitfile.load_unit(path)
    grades = unit.identity.grades
    if not grades:
        return unit.title
    return f"{unit.title} (grade{'s' if len(grades) > 1 else ''} {', '.join(grades)})"


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    valid = invalid = 0
    for path in list(iter_documents(args.paths)):
        try:
            summary = _describe_ok(path)
        except DocumentError as exc:
            invalid += 1
            print(exc.with_source(_display(path)).report(), file=err)
            continue
        valid += 1
        if not args.quiet:
            print(f"ok  {_display(path)}: {summary}", file=out)
    total = valid + invalid
    noun = "file" if total == 1 else "files"
    print(f"{total} {noun} checked: {valid} valid, {invalid} invalid", file=out)
    return EXIT_OK if invalid == 0 else EXIT_BAD_INPUT


def cmd_upgrade(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    failed = 0
    for path in list(iter_documents(args.paths, frameworks=False)):
        shown = _display(path)
        try:
            data = unitfile.read_unit_data(path)
            start = schema_version_of(data)
            unit = parse_unit(data)
        except DocumentError as exc:
            failed += 1
            print(exc.with_source(shown).report(), file=err)
            continue
        if start == SCHEMA_VERSION:
            print(f"current  {shown} (schema version {SCHEMA_VERSION})", file=out)
            continue
        if args.dry_run:
            print(f"would upgrade  {shown}: schema version {start} -> {SCHEMA_VERSION}", file=out)
            continue
        unitfile.save_unit(unit, path, backup=True)
        print(
            f"upgraded {shown}: schema version {start} -> {SCHEMA_VERSION} "
            f"(previous file kept as {path.name}.bak)",
            file=out,
        )
    return EXIT_OK if failed == 0 else EXIT_BAD_INPUT


def _catalog(args: argparse.Namespace) -> FrameworkCatalog:
    stores = [FrameworkStore(args.store)] if args.store else None
    return FrameworkCatalog(stores)


def _check_config(args: argparse.Namespace):
    from .checks.config import CheckConfig, load_check_config

    return load_check_config(args.rules) if args.rules else CheckConfig()


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .checks import CheckReport, UnitReport, run_checks

    config = _check_config(args)
    report = CheckReport()
    for path in list(iter_documents(args.paths, frameworks=False)):
        shown = _display(path)
        try:
            unit = unitfile.load_unit(path)
        except DocumentError as exc:
            report.units.append(UnitReport(path=shown, problems=exc.with_source(shown).lines()))
            continue
        report.units.append(
            UnitReport(
                path=shown, unit_id=unit.id, title=unit.title, findings=run_checks(unit, config)
            )
        )
    return _emit_check_report(report.counted(), args.format, out, err)


def _emit_check_report(report, form: str, out: TextIO, err: TextIO) -> int:
    if form == "json":
        out.write(report.model_dump_json(indent=2) + "\n")
    else:
        from .checks.text_report import print_report

        print_report(report, out, err)
    if report.unreadable:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if report.errors else EXIT_OK


def cmd_library_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .library import check_library, load_library_config

    root = Path(args.folder)
    if not root.is_dir():
        raise UsageError(f"'{args.folder}' is not a folder; a library is a folder of unit files")
    config = load_library_config(root)
    with terminal_progress("Checking", err) as progress:
        report = check_library(root, config, progress=progress)
    if not report.units:
        raise UsageError(f"no unit files (NAME.unit.yaml or NAME.unit.json) in '{args.folder}'")
    return _emit_check_report(report, args.format, out, err)


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .formats.registry import EXPORTS, write_bundle, write_export

    unit = unitfile.load_unit(args.unit)
    if args.to == "all":
        folder = Path(args.output or f"{unit.id}-export")
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"'{_display(folder)}' is a file; --to all writes a folder")
        written = write_bundle(unit, folder)
        print(f"wrote {len(written)} files to {_display(folder)}/", file=out)
        for path in written:
            print(f"  {path.name}", file=out)
        return EXIT_OK
    if args.to not in EXPORTS:
        hint = did_you_mean(args.to, EXPORTS)
        raise UsageError(f"unknown format '{args.to}'{hint} (formats: all, {', '.join(EXPORTS)})")
    target = Path(args.output) if args.output else Path(EXPORTS[args.to].file_name(unit))
    path = write_export(unit, args.to, target)
    print(f"wrote {_display(path)} ({EXPORTS[args.to].title})", file=out)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .formats.notebook_import import load_notebook

    source = Path(args.notebook)
    try:
        result = load_notebook(source)
    except DocumentError as exc:
        raise exc.with_source(_display(source)) from None
    unit = result.unit
    target = Path(args.output) if args.output else Path(f"{unit.id}.unit.yaml")
    if target.is_dir():
        target = target / f"{unit.id}.unit.yaml"
    if not unitfile.is_unit_file(target):
        raise UsageError(f"'{target}': unit files are named NAME.unit.yaml or NAME.unit.json")
    if target.exists() and not args.force:
        raise UsageError(f"'{_display(target)}' already exists; choose another name or add --force")
    for warning in result.warnings:
        print(f"warning: {warning}", file=err)
    unitfile.save_unit(unit, target)
    print(
        f"imported '{unit.title}' from the {result.kind} notebook {_display(source)} "
        f"into {_display(target)}",
        file=out,
    )
    return EXIT_OK


def cmd_frameworks_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    catalog = _catalog(args)
    entries = catalog.entries()
    width = max(len(entry.framework_id) for entry in entries)
    for entry in entries:
        framework = catalog.get(entry.framework_id)
        top = len(framework.children(None))
        where = "built in" if entry.origin == "built in" else "imported"
        print(
            f"{framework.id:<{width}}  {framework.title} "
            f"({len(framework.items)} items, {top} top-level; {where})",
            file=out,
        )
        if args.verbose:
            print(f"{'':<{width}}  source: {framework.source.name or '-'}", file=out)
            if entry.origin != "built in":
                print(f"{'':<{width}}  stored in: {entry.origin}", file=out)
    return EXIT_OK


def cmd_frameworks_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    store = FrameworkStore(args.store) if args.store else FrameworkStore(user_store_dir())
    is_url = args.source.startswith(("http://", "https://"))
    listing = case_listing(args.source) if is_url else None
    if listing is not None:
        print(f"{args.source} lists {len(listing)} framework(s):", file=out)
        for title, address in listing:
            print(f"  {title}\n    {address}", file=out)
        print("pbl-author: choose one and import its package address", file=err)
        return EXIT_BAD_INPUT
    with terminal_progress("Importing", err) as progress:
        if is_url:
            result = import_url(args.source, framework_id=args.id, progress=progress)
        else:
            result = import_file(
                args.source, format=args.format, framework_id=args.id, progress=progress
            )
    framework = result.framework
    if framework.id in builtin_frameworks():
        raise UsageError(
            f"'{framework.id}' is the id of a built-in framework; import it under another id "
            "with --id"
        )
    if framework.id in store and not args.replace:
        raise UsageError(
            f"a framework with id '{framework.id}' is already imported "
            f"({_display(store.path(framework.id))}); add --replace to replace it, "
            "or --id to import it under another id"
        )
    path = store.save(framework)
    print(
        f"imported '{framework.id}': {framework.title} ({len(framework.items)} items, "
        f"from {FORMATS[result.format].title}) into {_display(path)}",
        file=out,
    )
    for note in result.notes:
        print(f"  note: {note}", file=out)
    return EXIT_OK


def _tree_lines(framework: Framework, limit: int) -> Iterator[str]:
    children: dict[str | None, list] = {}
    for item in framework.items:
        children.setdefault(item.parent, []).append(item)
    stack = [(item, 0) for item in reversed(children.get(None, []))]
    shown = 0
    while stack:
        item, depth = stack.pop()
        if shown == limit:
            yield f"... and {len(framework.items) - limit} more items (use --limit)"
            return
        shown += 1
        label = item.code or item.id
        yield f"{'  ' * depth}{label}  {one_line(item.statement, max(30, 90 - 2 * depth))}"
        stack.extend((child, depth + 1) for child in reversed(children.get(item.id, [])))


def cmd_frameworks_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    framework = _catalog(args).get(args.framework)
    print(f"{framework.title}  [{framework.id}]", file=out)
    facts = [
        ("version", framework.version),
        ("publisher", framework.publisher),
        ("language", framework.language),
        ("source", framework.source.name),
        ("licence", framework.source.license),
        ("scale", ", ".join(level.title for level in framework.scale)),
    ]
    for name, value in facts:
        if value:
            print(f"  {name}: {one_line(value, 100)}", file=out)
    print(f"  items: {len(framework.items)}", file=out)
    if framework.associations:
        print(f"  associations: {len(framework.associations)}", file=out)
    print("", file=out)
    for line in _tree_lines(framework, args.limit):
        print(line, file=out)
    return EXIT_OK


def cmd_frameworks_search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .frameworks.search import FrameworkIndex

    catalog = _catalog(args)
    if args.framework == "all":
        index = FrameworkIndex(catalog.frameworks())
    else:
        index = FrameworkIndex([catalog.get(args.framework)])
    hits = index.search(
        args.query,
        limit=args.limit,
        education_levels=args.level or None,
        types=args.type or None,
    )
    if not hits:
        print(f"no competency matches '{args.query}'", file=out)
        return EXIT_OK
    width = max(len(hit.code or hit.item_id) for hit in hits)
    for hit in hits:
        print(f"{hit.code or hit.item_id:<{width}}  {one_line(hit.statement, 80)}", file=out)
        print(f"{'':<{width}}  {hit.ref}", file=out)
    return EXIT_OK


def cmd_frameworks_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    framework = _catalog(args).get(args.framework)
    data = export_framework(framework, args.to)
    target = Path(args.output or f"{framework.id}{FORMATS[args.to].suffix}")
    if target.is_dir():
        target = target / f"{framework.id}{FORMATS[args.to].suffix}"
    atomic_write_bytes(target, data, backup=True)
    print(f"wrote {_display(target)} ({FORMATS[args.to].title})", file=out)
    return EXIT_OK


def cmd_studio(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .studio import run_studio

    extra = list(args.server_args)
    return run_studio(
        folder=args.folder,
        port=args.port,
        open_browser=not args.no_browser,
        jupyter_args=extra,
        out=out,
        err=err,
        app=args.app,
    )


def cmd_library_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .library.search import SearchIndexError
    from .library.site import LibraryBuildError, build_site

    root = Path(args.folder)
    if not root.is_dir():
        raise UsageError(f"'{args.folder}' is not a folder; a library is a folder of unit files")
    try:
        with terminal_progress("Building", err) as progress:
            summary = build_site(
                root, args.output, jobs=args.jobs, strict=args.strict, progress=progress
            )
    except LibraryBuildError as exc:
        print(f"pbl-author: {exc}", file=err)
        return EXIT_FINDINGS
    except SearchIndexError as exc:  # the pages are built; the search index is not
        print(f"pbl-author: {exc}", file=err)
        return EXIT_FAILURE
    first, *broken = summary.lines()
    print(f"{first}\nsite: {_display(Path(args.output))}", file=out)
    for line in broken:
        print(line.strip(), file=err)
    return EXIT_OK


def cmd_library_serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .library.serve import serve

    site = Path(args.site)
    if not (site / "index.html").is_file():
        raise UsageError(
            f"'{args.site}' has no index.html; build it first: pbl-author library build DIR -o SITE"
        )
    try:
        return serve(site, args.port, out)
    except OSError as exc:  # the port is taken, or not ours to use
        raise UsageError(
            f"cannot serve on 127.0.0.1:{args.port} ({exc.strerror or exc}); "
            "choose another port with --port"
        ) from None


def _review_rubric(args: argparse.Namespace):
    from .checks.design_rubric import design_rubric, load_design_rubric

    return load_design_rubric(args.rubric) if getattr(args, "rubric", None) else design_rubric()


def _date(text: str | None):
    import datetime as dt

    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def cmd_review_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .review import files

    rubric = _review_rubric(args)
    subject = files.load_subject(args.unit)
    target = Path(args.output) if args.output else files.review_path_for(subject.path)
    if target.exists():
        reviews = files.load_review_file(target, rubric)
        files.check_same_unit(reviews, subject.unit, _display(target))
    else:
        reviews = files.empty_review_file(subject.unit)
    review = files.new_review(
        reviews,
        subject.unit,
        args.reviewer,
        role=args.role,
        date=_date(args.date),
        protocol=args.protocol,
        focusing_question=args.focus,
        rubric=rubric,
    )
    files.save_review_file(reviews, target)
    print(f"added review '{review.id}' by {review.reviewer} to {_display(target)}", file=out)
    print("suggested design-rubric levels (you decide; edit 'level' for each):", file=out)
    for score in review.scores:
        title = rubric.criterion(score.criterion).title
        suggested = rubric.level_title(score.suggested) if score.suggested else "no suggestion"
        print(f"  {title}: {suggested}", file=out)
    return EXIT_OK


def _load_reviews(paths: Sequence[str], rubric) -> list:
    from .review import files

    loaded = []
    for name in paths:
        if not files.is_review_file(name):
            raise UsageError(f"'{name}': review files are named NAME{files.REVIEW_SUFFIX}")
        loaded.append(files.load_review_file(name, rubric))
    return loaded


def cmd_review_merge(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .review import files
    from .review.merge import merge_review_files
    from .review.status import comment_views

    rubric = _review_rubric(args)
    merged = merge_review_files(_load_reviews(args.files, rubric), args.files)
    target = Path(args.output)
    files.save_review_file(merged, target)
    comments = [c for r in merged.reviews for c in r.comments]
    conflicts = sum(c.variant_of is not None for c in comments)
    conflicts += sum(s.conflict for r in merged.reviews for s in r.scores)
    conflicts += sum(len(r.conflicts) for r in merged.reviews)
    print(
        f"merged {len(args.files)} files into {_display(target)}: {len(merged.reviews)} "
        f"review(s), {len(comments)} comment(s), {conflicts} conflict(s) kept side by side",
        file=out,
    )
    if args.unit:
        unit = files.load_subject(args.unit).unit
        files.check_same_unit(merged, unit, _display(target))
        removed = [v for v in comment_views(merged.reviews, unit) if v.state == "removed"]
        for view in removed:
            print(
                f"  note: comment {view.comment.id} by {view.review.reviewer} is on "
                f"'{view.comment.anchor}', which the unit no longer has (kept)",
                file=out,
            )
    return EXIT_OK


def _subject_beside(review_path: Path) -> Path:
    from .review.files import REVIEW_SUFFIX

    stem = review_path.name[: -len(REVIEW_SUFFIX)]
    for suffix in (".unit.yaml", ".unit.json", ".ipynb"):
        candidate = review_path.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    raise UsageError(
        f"no unit beside {_display(review_path)} (looked for {stem}.unit.yaml, "
        f"{stem}.unit.json and {stem}.ipynb); name the unit: UNIT after the review file"
    )


def _reviews_of_unit(args: argparse.Namespace):
    """The design rubric, the review file ``args.review`` (with the reviews kept inside the
    unit merged in) and the unit it reviews (``args.unit``, or the one beside it)."""
    from .review import files

    rubric = _review_rubric(args)
    (reviews,) = _load_reviews([args.review], rubric)
    unit_path = Path(args.unit) if args.unit else _subject_beside(Path(args.review))
    unit = files.load_subject(unit_path).unit
    files.check_same_unit(reviews, unit, _display(Path(args.review)))
    return rubric, files.with_embedded_reviews(reviews, unit), unit


def cmd_review_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .review.status import STATE_TEXT, comment_views, grouped

    rubric, reviews, unit = _reviews_of_unit(args)
    print(f"Reviews of '{unit.title}' ({len(reviews.reviews)})", file=out)
    for review in reviews.reviews:
        when = f", {review.date.isoformat()}" if review.date else ""
        role = f" ({review.role})" if review.role else ""
        print(f"  {review.reviewer}{role}{when}: {review.status}", file=out)
        for score in review.scores:
            chosen = rubric.level_title(score.level) if score.level else "not decided"
            note = f" (suggested: {rubric.level_title(score.suggested)})" if score.suggested else ""
            title = (
                rubric.criterion(score.criterion).title
                if review.rubric == rubric.id
                else (score.criterion)
            )
            print(f"    {title}: {chosen}{note}", file=out)
    for section, elements in grouped(comment_views(reviews.reviews, unit)):
        print(f"\n{section}", file=out)
        for label, views in elements:
            print(f"  {label}", file=out)
            for view in views:
                state = STATE_TEXT[view.state]
                flags = [view.comment.kind, view.comment.status, *([state] if state else [])]
                if view.comment.variant_of:
                    flags.append(f"conflicting version of {view.comment.variant_of}")
                print(
                    f"    [{', '.join(flags)}] {view.review.reviewer}: "
                    f"{one_line(view.comment.text, 100)}",
                    file=out,
                )
    return EXIT_OK


def cmd_review_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .review import files
    from .review.report import REPORT_FORMATS, render_report

    rubric, reviews, unit = _reviews_of_unit(args)
    data = render_report(reviews, unit, args.to, rubric)
    stem = Path(args.review).name[: -len(files.REVIEW_SUFFIX)]
    target = Path(args.output) if args.output else Path(f"{stem}.review{REPORT_FORMATS[args.to]}")
    if target.is_dir():
        target = target / f"{stem}.review{REPORT_FORMATS[args.to]}"
    atomic_write_bytes(target, data)
    print(f"wrote {_display(target)} (review report, {args.to})", file=out)
    return EXIT_OK


def _load_any_unit(name: str):
    from .review.files import load_subject

    return load_subject(name).unit


def cmd_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .review.diff import diff_text, diff_units

    old, new = _load_any_unit(args.old), _load_any_unit(args.new)
    if old.id != new.id:
        print(
            f"note: comparing two different units ('{old.id}' and '{new.id}'); "
            "elements are matched by id",
            file=err,
        )
    diff = diff_units(old, new)
    if args.format == "html":
        from .review.diff_html import diff_html_bytes

        data = diff_html_bytes(diff)
    else:
        data = diff_text(diff).encode("utf-8")
    if args.output:
        atomic_write_bytes(args.output, data)
        print(f"wrote {args.output}", file=out)
    else:
        out.write(data.decode("utf-8"))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .schemas import schema_files

    (text,) = [text for name, text in schema_files().items() if name.startswith(f"{args.kind}.v")]
    if args.output:
        atomic_write_text(args.output, text)
        print(f"wrote {args.output}", file=out)
    else:
        out.write(text)
    return EXIT_OK


# -- parser ----------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pbl-author",
        description="Design project-based and inquiry units mapped to competencies.",
    )
    parser.add_argument("--version", action="version", version=f"pbl-author {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback when something fails (any position)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    new = commands.add_parser("new", help="start a unit from a template")
    new.add_argument("title", metavar="TITLE", help="the unit's title")
    new.add_argument(
        "--template", default="pbl", metavar="NAME", help="starter template (default: pbl)"
    )
    new.add_argument("-o", "--output", metavar="PATH", help="file or folder to write")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.set_defaults(handler=cmd_new)

    validate = commands.add_parser("validate", help="check unit and framework files")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    validate.set_defaults(handler=cmd_validate)

    check = commands.add_parser("check", help="check units against the design rules")
    check.add_argument("paths", nargs="+", metavar="PATH", help="unit files or folders")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--rules", metavar="CONFIG", help="rule configuration (YAML)")
    check.set_defaults(handler=cmd_check)

    export = commands.add_parser("export", help="export a unit: notebooks, rubrics, Word, LMS")
    export.add_argument("unit", metavar="UNIT", help="a unit file")
    export.add_argument("--to", required=True, metavar="FORMAT", help="a format, or 'all'")
    export.add_argument("-o", "--output", metavar="PATH", help="file or folder to write")
    export.set_defaults(handler=cmd_export)

    import_ = commands.add_parser("import", help="recover a unit from a pbl-author notebook")
    import_.add_argument("notebook", metavar="NOTEBOOK", help="a teacher or student notebook")
    import_.add_argument("-o", "--output", metavar="UNIT", help="unit file or folder to write")
    import_.add_argument("--force", action="store_true", help="overwrite an existing file")
    import_.set_defaults(handler=cmd_import)

    upgrade = commands.add_parser("upgrade", help="rewrite older unit files in the current schema")
    upgrade.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    upgrade.add_argument("--dry-run", action="store_true", help="say what would change")
    upgrade.set_defaults(handler=cmd_upgrade)

    frameworks = commands.add_parser("frameworks", help="competency frameworks")
    fw_commands = frameworks.add_subparsers(
        dest="fw_command", metavar="COMMAND", parser_class=_Parser
    )
    store = _Parser(add_help=False)
    store.add_argument(
        "--store",
        metavar="DIR",
        help="framework folder to use (default: your user data folder, or $PBL_AUTHOR_FRAMEWORKS)",
    )
    fw_list = fw_commands.add_parser(
        "list", parents=[store], help="list the frameworks pbl-author knows"
    )
    fw_list.add_argument("-v", "--verbose", action="store_true", help="show sources")
    fw_list.set_defaults(handler=cmd_frameworks_list)

    fw_import = fw_commands.add_parser(
        "import", parents=[store], help="import a CASE package, Moodle CSV or Canvas CSV"
    )
    fw_import.add_argument("source", metavar="FILE|URL", help="a file, or a CASE server URL")
    fw_import.add_argument("--format", choices=sorted(FORMATS), help="the file's format")
    fw_import.add_argument("--id", help="the id to give the framework")
    fw_import.add_argument("--replace", action="store_true", help="replace a framework")
    fw_import.set_defaults(handler=cmd_frameworks_import)

    fw_show = fw_commands.add_parser("show", parents=[store], help="show a framework's tree")
    fw_show.add_argument("framework", metavar="ID")
    fw_show.add_argument("--limit", type=int, default=200, help="items to show (default 200)")
    fw_show.set_defaults(handler=cmd_frameworks_show)

    fw_search = fw_commands.add_parser(
        "search", parents=[store], help="find competencies by code or words"
    )
    fw_search.add_argument("framework", metavar="ID", help="a framework id, or 'all'")
    fw_search.add_argument("query", metavar="QUERY")
    fw_search.add_argument("--level", action="append", help="education level (repeatable)")
    fw_search.add_argument("--type", action="append", help="item type (repeatable)")
    fw_search.add_argument("-n", "--limit", type=int, default=10, help="results (default 10)")
    fw_search.set_defaults(handler=cmd_frameworks_search)

    fw_export = fw_commands.add_parser("export", parents=[store], help="export a framework")
    fw_export.add_argument("framework", metavar="ID")
    fw_export.add_argument("--to", required=True, choices=["case", "moodle", "canvas", "pbl"])
    fw_export.add_argument("-o", "--output", metavar="PATH", help="file or folder to write")
    fw_export.set_defaults(handler=cmd_frameworks_export)

    studio = commands.add_parser(
        "studio",
        help="open JupyterLab on a folder of units",
        epilog="Options after -- go to JupyterLab (or to Voilà with --app).",
    )
    studio.add_argument("folder", nargs="?", metavar="FOLDER", help="workspace folder")
    studio.add_argument("--port", type=int, default=None, help="port (default: Jupyter's)")
    studio.add_argument("--no-browser", action="store_true", help="do not open a browser")
    studio.add_argument(
        "--app", action="store_true", help="serve the designer as an app through Voilà (no code)"
    )
    studio.set_defaults(handler=cmd_studio, server_args=[])

    review = commands.add_parser("review", help="coach reviews: scores, comments, merge, report")
    rv_commands = review.add_subparsers(dest="rv_command", metavar="COMMAND", parser_class=_Parser)
    rubric_option = _Parser(add_help=False)
    rubric_option.add_argument(
        "--rubric", metavar="FILE", help="a network's own design rubric (default: the shipped one)"
    )
    rv_new = rv_commands.add_parser(
        "new", parents=[rubric_option], help="start a review, scores pre-filled with suggestions"
    )
    rv_new.add_argument("unit", metavar="UNIT", help="a unit file or a pbl-author notebook")
    rv_new.add_argument("--reviewer", required=True, metavar="NAME", help="who reviews")
    rv_new.add_argument("--role", default="", help="the reviewer's role (coach, colleague, ...)")
    rv_new.add_argument("--protocol", default="", help="the protocol followed (tuning, open, ...)")
    rv_new.add_argument("--focus", default="", metavar="QUESTION", help="the focusing question")
    rv_new.add_argument("--date", metavar="YYYY-MM-DD", help="the review's date (default today)")
    rv_new.add_argument(
        "-o", "--output", metavar="FILE", help="review file (default: NAME.review.yaml beside)"
    )
    rv_new.set_defaults(handler=cmd_review_new)

    rv_merge = rv_commands.add_parser(
        "merge", parents=[rubric_option], help="merge several reviewers' files, losing nothing"
    )
    rv_merge.add_argument("files", nargs="+", metavar="REVIEW_FILE")
    rv_merge.add_argument("-o", "--output", required=True, metavar="FILE", help="merged file")
    rv_merge.add_argument("--unit", metavar="UNIT", help="flag comments on removed elements")
    rv_merge.set_defaults(handler=cmd_review_merge)

    rv_show = rv_commands.add_parser(
        "show", parents=[rubric_option], help="print scores and comments by element"
    )
    rv_show.add_argument("review", metavar="REVIEW_FILE")
    rv_show.add_argument("unit", nargs="?", metavar="UNIT", help="default: the unit beside it")
    rv_show.set_defaults(handler=cmd_review_show)

    rv_report = rv_commands.add_parser(
        "report", parents=[rubric_option], help="a review report (HTML, Word or PDF)"
    )
    rv_report.add_argument("review", metavar="REVIEW_FILE")
    rv_report.add_argument("unit", nargs="?", metavar="UNIT", help="default: the unit beside it")
    rv_report.add_argument("--to", choices=["html", "docx", "pdf"], default="html")
    rv_report.add_argument("-o", "--output", metavar="PATH", help="file or folder to write")
    rv_report.set_defaults(handler=cmd_review_report)

    library = commands.add_parser("library", help="a network's library of units")
    lib_commands = library.add_subparsers(
        dest="lib_command", metavar="COMMAND", parser_class=_Parser
    )
    lib_check = lib_commands.add_parser(
        "check", help="validate and design-check every unit; exit 1 on errors (for CI)"
    )
    lib_check.add_argument("folder", metavar="DIR", help="the library's root folder")
    lib_check.add_argument("--format", choices=["text", "json"], default="text")
    lib_check.set_defaults(handler=cmd_library_check)
    lib_build = lib_commands.add_parser("build", help="build the library's static site")
    lib_build.add_argument("folder", metavar="DIR", help="the library's root folder")
    lib_build.add_argument("-o", "--output", required=True, metavar="SITE", help="site folder")
    lib_build.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: cores)"
    )
    lib_build.add_argument(
        "--strict", action="store_true", help="fail (exit 1) when a unit is broken, publish nothing"
    )
    lib_build.set_defaults(handler=cmd_library_build)
    lib_serve = lib_commands.add_parser("serve", help="preview a built site on 127.0.0.1")
    lib_serve.add_argument("site", metavar="SITE")
    lib_serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    lib_serve.set_defaults(handler=cmd_library_serve)

    diff = commands.add_parser("diff", help="what changed between two versions of a unit")
    diff.add_argument("old", metavar="OLD", help="the earlier unit file or notebook")
    diff.add_argument("new", metavar="NEW", help="the later one")
    diff.add_argument("--format", choices=["text", "html"], default="text")
    diff.add_argument("-o", "--output", metavar="FILE", help="write to a file")
    diff.set_defaults(handler=cmd_diff)

    schema = commands.add_parser("schema", help="print a JSON Schema of pbl-author's files")
    schema.add_argument(
        "kind", choices=["unit", "framework", "review", "check-report"], help="which schema"
    )
    schema.add_argument("-o", "--output", metavar="PATH", help="write to a file")
    schema.set_defaults(handler=cmd_schema)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = (
        "--debug" in args_list[: args_list.index("--")]
        if "--" in args_list
        else ("--debug" in args_list)
    )
    if debug:
        args_list.remove("--debug")
    passed_on: list[str] = []  # after "--": options for the server `studio` starts
    if "--" in args_list:
        at = args_list.index("--")
        args_list, passed_on = args_list[:at], args_list[at + 1 :]
    parser = build_parser()
    try:
        try:
            with contextlib.redirect_stdout(out):  # --help and --version print
                args = parser.parse_args(args_list)
        except SystemExit as exit_:  # --help and --version
            return int(exit_.code or 0)
        if passed_on:
            if not hasattr(args, "server_args"):
                raise UsageError("options after -- are only for `pbl-author studio`")
            args.server_args = passed_on
        handler = getattr(args, "handler", None)
        if handler is None:
            parser.print_help(out)
            return EXIT_BAD_INPUT
        return handler(args, out, err)
    except UsageError as exc:
        print(f"pbl-author: error: {exc}", file=err)
        return EXIT_BAD_INPUT
    except DocumentError as exc:
        print(exc.report(), file=err)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("pbl-author: interrupted", file=err)
        return 130
    except Exception as exc:  # a bug: say so plainly
        if debug:
            traceback.print_exc(file=err)
        print(
            f"pbl-author: internal error: {exc.__class__.__name__}: {exc}\n"
            "This is a bug in pbl-author. Run again with --debug to see the details, "
            "and please report it.",
            file=err,
        )
        return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
