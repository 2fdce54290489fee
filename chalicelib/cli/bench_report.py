"""Benchmark reports in docs/benchmarks.md: each benchmark rewrites its own section, between its two markers."""
from __future__ import annotations

import os
import platform
from datetime import datetime, timezone

from chalicelib.cli.localenv import PROJECT_ROOT

INTRO = "# Benchmarks\n\nNumbers are from a 2-core machine on loopback: use them to compare, not as production figures.\n"


def measured_on(store: str = "embedded DynamoDB (moto_server) on loopback") -> str:
    """The first line of a report: when, on what, against which DynamoDB."""
    return (f"Measured {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} on {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; {store}.")


def write_section(path: str, name: str, heading: str, report: str) -> None:
    """Replace the text between `<!-- bench:{name}:start -->` and its end marker (a new section at the end if the
    file has none yet)."""
    path = os.path.join(PROJECT_ROOT, path) if not os.path.isabs(path) else path
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    current = open(path, encoding="utf-8").read() if os.path.exists(path) else INTRO
    if start not in current:
        current = current.rstrip("\n") + f"\n\n## {heading}\n\n{start}\n{end}\n"
    head, rest = current.split(start, 1)
    _, tail = rest.split(end, 1)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(head + start + "\n" + report + "\n" + end + tail)
