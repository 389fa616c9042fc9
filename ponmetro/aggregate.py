"""Totals of the four amounts per axis, city, action and for the whole programme.

Every total is the exact `Decimal` sum of the records it covers. An amount that a
record does not give is not a zero: each total also says how many records gave
that amount, so a page can say "somma di 3 interventi su 5". Where a source
declares a total (Bologna, Asse 3) the comparison keeps both figures and their
difference.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Iterable

from .checks import LoadedRecord, declared_total_matches
from .model import AMOUNT_FIELDS, TotaleDichiarato
from .group_memo import GroupMemo
from .reference import Reference

ZERO = Decimal("0.00")
_SHARES = tuple(name for name in AMOUNT_FIELDS if name != "programmato")


@dataclass(frozen=True)
class Totals:
    """Sums of the four amounts over some records."""

    count: int
    sums: dict[str, Decimal]
    known: dict[str, int]  # how many records gave each amount
    # For each amount other than programmato, over the records that give both it
    # and programmato: (its sum, their programmato's sum). A share of programmato
    # counts only those: the erogato of 1 record over the programmato of 4 read 0%
    # spent where 3 records simply do not say.
    paired: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    # The latest update of these records: the date their sums are as of (a group's
    # page said the date of the whole site, a week later than any of its records).
    updated: dt.date | None = None

    @classmethod
    def of(cls, records: Iterable[LoadedRecord]) -> "Totals":
        sums = {name: ZERO for name in AMOUNT_FIELDS}
        known = {name: 0 for name in AMOUNT_FIELDS}
        paired = {name: [ZERO, ZERO] for name in _SHARES}
        count = 0
        updated = None
        for item in records:
            count += 1
            if updated is None or item.record.aggiornato_il > updated:
                updated = item.record.aggiornato_il
            amounts = item.record.importi
            for name in AMOUNT_FIELDS:
                value = getattr(amounts, name)
                if value is not None:
                    sums[name] += value
                    known[name] += 1
            base = amounts.programmato
            if base is not None:
                for name in _SHARES:
                    value = getattr(amounts, name)
                    if value is not None:
                        paired[name][0] += value
                        paired[name][1] += base
        return cls(count, sums, known, {name: (value, base) for name, (value, base) in paired.items()}, updated)

    @classmethod
    def combine(cls, parts: Iterable["Totals"]) -> "Totals":
        """The totals of disjoint sets of records, from theirs: `of` over their union.

        The sums are the same: adding exact decimals gives the same value and
        exponent in any order (every amount is far inside the 28 digits of the
        decimal context).
        """
        parts = list(parts)
        return cls(
            sum(part.count for part in parts),
            {name: sum((part.sums[name] for part in parts), ZERO) for name in AMOUNT_FIELDS},
            {name: sum(part.known[name] for part in parts) for name in AMOUNT_FIELDS},
            {name: (sum((part.paired[name][0] for part in parts), ZERO),
                    sum((part.paired[name][1] for part in parts), ZERO)) for name in _SHARES},
            max((part.updated for part in parts if part.updated is not None), default=None),
        )

    def get(self, name: str) -> Decimal | None:
        """The sum, or None when no record gave this amount."""
        return self.sums[name] if self.known[name] else None

    @property
    def programmato(self) -> Decimal | None:
        return self.get("programmato")

    @property
    def erogato(self) -> Decimal | None:
        return self.get("erogato")

    def share_of_programmato(self, name: str) -> Decimal | None:
        """The amount as a fraction of programmato, over the records that give both
        (None when none does, or their programmato is zero)."""
        value, base = self.paired.get(name, (ZERO, ZERO))
        if not base:
            return None
        return value / base

    def is_partial(self, name: str) -> bool:
        return 0 < self.known[name] < self.count


@dataclass
class Group:
    """The records of one axis, city or action, in slug order, with their totals."""

    key: str
    records: list[LoadedRecord] = field(default_factory=list)
    totals: Totals | None = None

    def close(self, totals: Totals | None = None) -> "Group":
        """The group with its totals (given when they are known from smaller groups)."""
        self.totals = totals if totals is not None else Totals.of(self.records)
        return self


@dataclass(frozen=True)
class DeclaredComparison:
    declared: TotaleDichiarato
    computed: Decimal
    count: int
    known: int  # how many of them give the amount declared

    @property
    def difference(self) -> Decimal:
        return self.computed - self.declared.importo

    @property
    def matches(self) -> bool:
        return declared_total_matches(self.declared, self.computed)


@dataclass
class Aggregates:
    programme: Totals
    by_axis: dict[int, Group]
    by_city: dict[str, Group]
    by_action: dict[str, Group]
    by_city_axis: dict[tuple[str, int], Group]
    declared: list[DeclaredComparison]
    by_action_city: dict[tuple[str, str], Group] = field(default_factory=dict)

    def axis_city_groups(self, axis: int) -> list[tuple[str, Group]]:
        return [(city, group) for (city, a), group in sorted(self.by_city_axis.items()) if a == axis]

    def city_axis_groups(self, city: str) -> list[tuple[int, Group]]:
        return [(a, group) for (c, a), group in sorted(self.by_city_axis.items()) if c == city]

    def action_city_groups(self, action: str) -> list[tuple[str, Group]]:
        return [(city, group) for (a, city), group in sorted(self.by_action_city.items()) if a == action]


# Totals of the smallest groups (city-axis, action-city) by (kind, group key), with
# the records they were summed over: kept by a process that stays up (ProjectMemo.totals).
TotalsMemo = dict[tuple[str, str], tuple[list[LoadedRecord], Totals]]


def aggregate(records: list[LoadedRecord], reference: Reference, memo: TotalsMemo | None = None) -> Aggregates:
    """Every group and its totals; with `memo`, a smallest group of the same records is not summed again.

    The memo is replaced by this build's groups (a removed group leaves it).
    """
    by_axis = {axis.numero: Group(str(axis.numero)) for axis in reference.axes}
    by_city = {city.nome: Group(city.nome) for city in reference.cities}
    by_action: dict[str, Group] = {}
    by_city_axis: dict[tuple[str, int], Group] = {}
    by_action_city: dict[tuple[str, str], Group] = {}
    # Sorted once here, every group gets its records in slug order: sorting each
    # group instead cost 0.03 s of a rebuild at 10,000 records.
    records = sorted(records, key=attrgetter("slug"))
    # `get(...) or setdefault(...)`: a Group is made only for a new key, not once per record.
    for item in records:
        rec = item.record
        city, axis = rec.citta, rec.asse
        (by_axis.get(axis) or by_axis.setdefault(axis, Group(str(axis)))).records.append(item)
        (by_city.get(city) or by_city.setdefault(city, Group(city))).records.append(item)
        action = item.action
        if action:
            (by_action.get(action) or by_action.setdefault(action, Group(action))).records.append(item)
            pair = (action, city)
            group = by_action_city.get(pair) or by_action_city.setdefault(pair, Group(f"{action}/{city}"))
            group.records.append(item)
        key = (city, axis)
        (by_city_axis.get(key) or by_city_axis.setdefault(key, Group(f"{city}/{axis}"))).records.append(item)
    # Amounts are summed over the smallest groups only (city-axis, action-city), and
    # the axis, city, action and programme totals combine theirs: a pass over every
    # record per kind of group was half of a rebuild's aggregation at 10,000 records.
    summed = GroupMemo(memo)

    def close_smallest(kind: str, group: Group) -> Totals:
        # A process that stays up gets back the same record objects for unchanged
        # files, and summing 20,000 records' amounts again was most of a rebuild's
        # aggregation at 10,000 records.
        key = (kind, group.key)
        group.close(summed.get(key, group.records))
        return summed.put(key, group.records, group.totals)

    axis_parts: dict[int, list[Totals]] = defaultdict(list)
    city_parts: dict[str, list[Totals]] = defaultdict(list)
    for (city, axis), group in by_city_axis.items():
        totals = close_smallest("citta-asse", group)
        axis_parts[axis].append(totals)
        city_parts[city].append(totals)
    action_parts: dict[str, list[Totals]] = defaultdict(list)
    for (action, city), group in by_action_city.items():
        action_parts[action].append(close_smallest("azione-citta", group))
    summed.keep()
    for action, group in by_action.items():
        group.close(Totals.combine(action_parts[action]))
    for number, group in by_axis.items():
        group.close(Totals.combine(axis_parts[number]))
    for name, group in by_city.items():
        group.close(Totals.combine(city_parts[name]))
    declared = []
    for total in reference.declared_totals:
        group = by_city_axis.get((total.citta, total.asse))
        computed = group.totals.sums[total.voce] if group else ZERO
        declared.append(DeclaredComparison(total, computed, group.totals.count if group else 0,
                                           group.totals.known[total.voce] if group else 0))
    return Aggregates(
        programme=Totals.combine(group.totals for group in by_axis.values()),
        by_axis=by_axis,
        by_city=by_city,
        by_action=dict(sorted(by_action.items(), key=lambda kv: _action_key(kv[0]))),
        by_city_axis=by_city_axis,
        declared=declared,
        by_action_city=by_action_city,
    )


def _action_key(action: str) -> tuple[int, ...]:
    return tuple(int(part) for part in action.split("."))
