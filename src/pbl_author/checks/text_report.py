"""The check report for people: grouped by unit and severity, in colour on a terminal."""

from __future__ import annotations

from typing import TextIO

from .findings import SEVERITIES, CheckReport

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def print_report(report: CheckReport, out: TextIO, err: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, highlight=False, soft_wrap=True)
    for unit in report.units:
        if unit.problems:
            for line in unit.problems:
                print(line, file=err)
            continue
        title = f" ({unit.title})" if unit.title else ""
        if not unit.findings:
            console.print(f"[green]ok[/green]  {escape(unit.path)}{escape(title)}")
            continue
        console.print(f"[bold]{escape(unit.path)}[/bold]{escape(title)}")
        for severity in SEVERITIES:
            for finding in (f for f in unit.findings if f.severity == severity):
                where = escape(finding.path or finding.element)
                console.print(
                    f"  [{STYLE[severity]}]{severity}[/{STYLE[severity]}] {where}: "
                    f"{escape(finding.message)} [dim]{escape(f'[{finding.rule}]')}[/dim]"
                )
                if finding.hint:
                    console.print(f"      [dim]hint:[/dim] {escape(finding.hint)}")
    console.print(
        f"{len(report.units)} unit(s) checked: {report.errors} error(s), "
        f"{report.warnings} warning(s), {report.infos} note(s)"
    )
