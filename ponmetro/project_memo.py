"""A project's row and pages, kept by a process that builds again and again.

`invoke livereload` rebuilds the site after each edit; at 10,000 records,
making every project's table row, page and embed page again took 0.4 s of a
rebuild that should take one second. The record cache hands back the very same
`LoadedRecord` object for a file that did not change, so a project whose record
is the same object, with the same warnings, gets back what the last build made
for it. The memo also holds, for each group of records (an axis, a city, an
action...), its totals and its slugs and table rows, reused while the group has
the same records (`aggregate.TotalsMemo`, `GroupMembers`).

Rows and pages also depend on the reference tables and on the site's addresses:
a memo is made for one `context` (the incremental build's site key, which covers
both) and the caller starts a new one when the context changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .checks import LoadedRecord

if TYPE_CHECKING:
    from .aggregate import Group
    from .pages import PageSpec, ProjectRow


class GroupMemo:
    """What was made from each group of records, reused while the group has the same records.

    `kept` is the dict a process that stays up keeps from one build to the next
    (`ProjectMemo.totals`, `ProjectMemo.members`); None remembers nothing. Each
    build keeps only its own groups (`keep`): a removed group goes.
    """

    def __init__(self, kept: dict | None):
        self.kept = kept
        self.now: dict = {}

    def get(self, key, records: list[LoadedRecord]):
        """The last build's for this group, if it had the same records in the same order.

        Lists compare an element with itself without calling `__eq__`: records that
        the cache handed back unchanged (the very same objects) cost a pointer each,
        10,000 of them 0.02 ms against 0.4 ms for `all(map(is_, ...))`. A record read
        again from an edited file is compared field by field, and an equal one has
        the same amounts and slug.
        """
        before = self.kept.get(key) if self.kept is not None else None
        if before is None or before[0] != records:
            return None
        self.now[key] = before
        return before[1]

    def put(self, key, records: list[LoadedRecord], made):
        self.now[key] = (records, made)
        return made

    def keep(self) -> None:
        if self.kept is not None:
            self.kept.clear()
            self.kept.update(self.now)


@dataclass(frozen=True)
class ProjectPages:
    """What one record gives the site model: its table row, its page, its embed pages."""

    item: LoadedRecord
    warnings: tuple[str, ...]
    row: "ProjectRow"
    page: "PageSpec"
    embeds: tuple["PageSpec", ...]


@dataclass
class ProjectMemo:
    context: str
    by_slug: dict[str, ProjectPages] = field(default_factory=dict)
    hits: int = 0
    # The smallest groups' totals, while they have the same records (aggregate.TotalsMemo).
    totals: dict = field(default_factory=dict)
    # Each group's slugs and table rows (GroupMembers), while it has the same records.
    members: dict = field(default_factory=dict)

    def get(self, item: LoadedRecord, warnings: tuple[str, ...]) -> ProjectPages | None:
        kept = self.by_slug.get(item.slug)
        # Identity, not equality: an equal record read again from an edited file
        # may sit at another path or line, and comparing 10,000 models costs more
        # than making them.
        if kept is not None and kept.item is item and kept.warnings == warnings:
            self.hits += 1
            return kept
        return None

    def replace(self, made: dict[str, ProjectPages]) -> None:
        """Keep exactly this build's projects: a removed record's pages go."""
        self.by_slug = made


class GroupMembers:
    """A group's slugs (the sources of its page) and its rows of the project table.

    With `kept` (a process that stays up: `ProjectMemo.members`), a group of the
    same records, none of whose projects was made again (`remade`), gets
    back the last build's: listing the 40,000 memberships of the axis, city and
    action pages again took 0.04 s of a rebuild at 10,000 records.
    """

    def __init__(self, rows: dict[str, "ProjectRow"], remade: set[str] | None = None, kept: dict | None = None):
        self.rows = rows
        self.remade = remade or set()
        self.memo = GroupMemo(kept)

    def __call__(self, kind: str, group: "Group") -> tuple[frozenset[str], list["ProjectRow"]]:
        key = (kind, group.key)
        made = self.memo.get(key, group.records)
        if made is None or not self.remade.isdisjoint(made[0]):
            slugs = [item.slug for item in group.records]
            made = self.memo.put(key, group.records, (frozenset(slugs), [self.rows[slug] for slug in slugs]))
        return made

    def keep(self) -> None:
        """This build's groups become what the next build may reuse."""
        self.memo.keep()
