"""What an import could not read and what it guessed, told to the maintainer.

An importer never drops a piece of its source in silence: each value it could not
read is a `NON_LETTO` notice (it makes the command fail), each value it inferred or
corrected is a `DEDOTTO` notice (to be checked before publishing), and plain facts
(rows filtered out, drafts written) are `INFO`. Messages are in Italian.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Kind(enum.Enum):
    NON_LETTO = "non letto"
    DEDOTTO = "dedotto"
    INFO = "nota"


@dataclass(frozen=True)
class Notice:
    path: str
    line: int  # 0 when the notice is about the whole file
    field: str
    message: str
    kind: Kind

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        subject = f"{self.field}: " if self.field else ""
        return f"{where}: {self.kind.value}: {subject}{self.message}"


@dataclass
class ImportLog:
    """The notices of one source file, in the order they were found."""

    path: str
    notices: list[Notice] = field(default_factory=list)

    def unread(self, line: int, field_name: str, message: str) -> None:
        self.notices.append(Notice(self.path, line, field_name, message, Kind.NON_LETTO))

    def guessed(self, line: int, field_name: str, message: str) -> None:
        self.notices.append(Notice(self.path, line, field_name, message, Kind.DEDOTTO))

    def info(self, line: int, field_name: str, message: str) -> None:
        self.notices.append(Notice(self.path, line, field_name, message, Kind.INFO))

    def of_kind(self, kind: Kind) -> list[Notice]:
        return [n for n in self.notices if n.kind is kind]

    @property
    def has_unread(self) -> bool:
        return any(n.kind is Kind.NON_LETTO for n in self.notices)
