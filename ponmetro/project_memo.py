"""A project's row and pages, kept by a process that builds again and again.

`invoke livereload` rebuilds the site after each edit; at 10,000 records,
making every project's table row, page and embed page again took 0.4 s of a
rebuild that should take one second. The record cache hands back the very same
`LoadedRecord` object for a file that did not change, so a project whose record
is the same object, with the same warnings, gets back what the last build made
for it. The memo also holds, for each group of records (an axis, a city, an
action...), its totals and its slugs and table rows (`group_memo.py`).

Rows and pages also depend on the reference tables and on the site's addresses:
a memo is made for one `context` (the incremental build's site key, which covers
both) and the caller starts a new one when the context changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .checks import LoadedRecord

if TYPE_CHECKING:
    from .pages import PageSpec, ProjectRow


@dataclass(frozen=True)
class ProjectPages:
    """What one record gives the site model: its table row, its page, its embed pages."""

    item: LoadedRecord
    warnings: tuple[str, ...]
    row: "ProjectRow"
    page: "PageSpec"
    embeds: tuple["PageSpec", ...]
    moved: tuple = ()  # the addresses it had before (pages.PreviousAddress)


@dataclass
class ProjectMemo:
    context: str
    by_slug: dict[str, ProjectPages] = field(default_factory=dict)
    hits: int = 0
    # The smallest groups' totals, while they have the same records (aggregate.TotalsMemo).
    totals: dict = field(default_factory=dict)
    # Each group's slugs and table rows (GroupMembers), while it has the same records.
    members: dict = field(default_factory=dict)

    def get(self, item: LoadedRecord, warnings: tuple[str, ...], moved: tuple = ()) -> ProjectPages | None:
        kept = self.by_slug.get(item.slug)
        # Identity, not equality: an equal record read again from an edited file
        # may sit at another path or line, and comparing 10,000 models costs more
        # than making them.
        if kept is not None and kept.item is item and kept.warnings == warnings and kept.moved == moved:
            self.hits += 1
            return kept
        return None

    def replace(self, made: dict[str, ProjectPages]) -> None:
        """Keep exactly this build's projects: a removed record's pages go."""
        self.by_slug = made
