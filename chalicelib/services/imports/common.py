"""What every import shares: errors that name the bad file, slugs from folder names, the summary."""
from __future__ import annotations

import csv
import os
import re
import sys
from dataclasses import dataclass, field

csv.field_size_limit(sys.maxsize)


class ImportFailed(Exception):
    """The folder is not in the expected format; the message says what is wrong and where."""


@dataclass
class ImportSummary:
    slug: str
    created: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    rows_read: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        rate = self.rows_read / self.seconds if self.seconds else 0.0
        lines = [f"Imported into debate '{self.slug}' in {self.seconds:.1f} s ({self.rows_read} rows, "
                 f"{rate:,.0f} rows/s)."]
        for name, total in self.totals.items():
            new = f"  ({self.created[name]} new)" if name in self.created else ""
            lines.append(f"  {name:<13} {total:>8}{new}")
        return lines


def debate_slug(folder: str, slug: str | None) -> str:
    """The operator's --slug, held to the rule of slugs created in the app (it becomes part of every key and of the
    debate's address), or one made from the folder's name."""
    from chalicelib.api.schemas import SLUG_RE

    if slug is None:
        return slug_from_folder(folder)
    if not SLUG_RE.match(slug):
        raise ImportFailed(f"--slug {slug!r}: use 3 to 64 lower-case letters, digits and dashes, not starting or "
                           "ending with a dash")
    return slug


def slug_from_folder(folder: str) -> str:
    name = os.path.basename(os.path.normpath(folder)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-")[:64].strip("-")
    return slug if len(slug) >= 3 else f"debate-{slug}"


def read_csv(folder: str, name: str, required: set[str], *, header: bool = True) -> list[dict[str, str]]:
    path = os.path.join(folder, name)
    if not os.path.isfile(path):
        raise ImportFailed(f"{path}: file not found (expected in a folder of this format)")
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            if not header:
                return [{"key": row[0], "value": row[1] if len(row) > 1 else ""} for row in csv.reader(handle) if row]
            reader = csv.DictReader(handle)
            missing = required - set(reader.fieldnames or [])
            if missing:
                raise ImportFailed(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            return list(reader)
    except UnicodeDecodeError as error:
        raise ImportFailed(f"{path}: not UTF-8 text ({error})") from None
    except csv.Error as error:
        raise ImportFailed(f"{path}: malformed CSV ({error})") from None


def as_int(value: str, path: str, line: int, column: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ImportFailed(f"{path}, line {line}: column '{column}' should be a whole number, got {value!r}") from None


def write_batches(items: list, label: str, progress: bool, batch: int = 500) -> None:
    """BatchWriteItem in slices, with a progress bar (overwrites are harmless: ids derive from the source)."""
    from chalicelib.cli.progress import Progress
    from chalicelib.storage.posts_repo import batch_write

    bar = Progress(label, len(items)) if progress else None
    for start in range(0, len(items), batch):
        batch_write(items[start:start + batch])
        if bar:
            bar.advance(len(items[start:start + batch]))


def put_new(items: list, label: str, progress: bool) -> int:
    """Conditional puts, one by one (items that carry counts must never overwrite live ones). Returns new items."""
    from chalicelib.cli.progress import Progress
    from chalicelib.storage.posts_repo import put_if_absent

    bar = Progress(label, len(items)) if progress else None
    created = 0
    for item in items:
        created += int(put_if_absent(item))
        if bar:
            bar.advance()
    return created
