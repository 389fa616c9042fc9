"""Problems found in the data, as a maintainer reads them.

Every check in the pipeline reports a `Problem` (an error or a warning) with the
file, line, column and field it concerns, instead of raising. A `Report` gathers
them so that one run shows every problem in every file; only `DataInvalid`, raised
at the very end, stops a build.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass, field
from pathlib import Path


class Severity(str, enum.Enum):
    # A str enum, so that problems (ordered dataclasses) sort even when they
    # differ only in severity.
    ERROR = "errore"
    WARNING = "avviso"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at one place. Messages are in Italian: maintainers read them."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    # The warning as the project's page tells readers, where the maintainer's
    # message holds what only they need (another file's path and line, what to edit).
    public: str = ""

    @property
    def for_readers(self) -> str:
        return self.public or self.message

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        label = "" if self.severity is Severity.ERROR else "avviso: "
        subject = f"{self.field}: " if self.field else ""
        return f"{where}: {label}{subject}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass
class Report:
    """All problems of one validation run, in file and line order."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if not p.is_error]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.path, p.line, p.column, p.field, p.message))

    def summary(self) -> str:
        n_err = sum(p.is_error for p in self.problems)
        n_warn = len(self.problems) - n_err
        return (
            f"{count(n_err, 'errore', 'errori')}, {count(n_warn, 'avviso', 'avvisi')} "
            f"in {count(self.files_checked, 'file', 'file')} controllati"
        )

    def format(self) -> str:
        lines = [p.format() for p in self.sorted()]
        lines.append(self.summary())
        return "\n".join(lines)


def count(n: int, one: str, many: str) -> str:
    """`1 avviso`, `3 avvisi`: a number with its noun in the singular or the plural."""
    return f"{n} {one if n == 1 else many}"


class DataInvalid(Exception):
    """The data has errors: nothing may be built or published from it."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(report.format())


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as a maintainer typed it: relative to the project when possible.

    The file's own name is kept even when it is a symbolic link (resolving it
    would name the link's target, which the maintainer did not write).
    """
    path = Path(path)
    absolute = Path(os.path.abspath(path))
    # The folders may be reached through links (/tmp -> /private/tmp): try both spellings.
    candidates = [absolute, absolute.parent.resolve() / absolute.name]
    for base in (root, Path.cwd()):
        if base is None:
            continue
        for base_path in (Path(os.path.abspath(base)), Path(base).resolve()):
            for candidate in candidates:
                try:
                    return candidate.relative_to(base_path).as_posix()
                except ValueError:
                    continue
    return path.as_posix()
