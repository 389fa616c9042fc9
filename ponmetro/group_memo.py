"""What was made from each group of records (an axis, a city, an action...), kept by a process that stays up.

`invoke livereload` rebuilds after each edit; at 10,000 records, summing every
group's amounts again and listing every group's slugs and table rows again were
most of what remained of the site model's time. A group whose records are the
same as at the last build gets back what was made for it: its totals
(`aggregate`) and its members (`GroupMembers`, for the axis, city and action
pages). `ProjectMemo` holds the dicts between builds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .checks import LoadedRecord

if TYPE_CHECKING:
    from .aggregate import Group
    from .pages import ProjectRow


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
