"""Totals of the four amounts per axis, city, action and for the whole programme.

Every total is the exact `Decimal` sum of the records it covers. An amount that a
record does not give is not a zero: each total also says how many records gave
that amount, so a page can say "somma di 3 interventi su 5". Where a source
declares a total (Bologna, Asse 3) the comparison keeps both figures and their
difference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from .checks import LoadedRecord, declared_total_matches
from .model import AMOUNT_FIELDS, TotaleDichiarato
from .reference import Reference

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Totals:
    """Sums of the four amounts over some records."""

    count: int
    sums: dict[str, Decimal]
    known: dict[str, int]  # how many records gave each amount

    @classmethod
    def of(cls, records: Iterable[LoadedRecord]) -> "Totals":
        sums = {name: ZERO for name in AMOUNT_FIELDS}
        known = {name: 0 for name in AMOUNT_FIELDS}
        count = 0
        for item in records:
            count += 1
            amounts = item.record.importi
            for name in AMOUNT_FIELDS:
                value = getattr(amounts, name)
                if value is not None:
                    sums[name] += value
                    known[name] += 1
        return cls(count, sums, known)

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
        """The amount as a fraction of programmato, over the records that give both."""
        base = self.get("programmato")
        value = self.get(name)
        if not base or value is None:
            return None
        return value / base

    def is_partial(self, name: str) -> bool:
        return 0 < self.known[name] < self.count


@dataclass
class Group:
    """The records of one axis, city or action, with their totals."""

    key: str
    records: list[LoadedRecord] = field(default_factory=list)
    totals: Totals | None = None

    def close(self) -> "Group":
        self.records.sort(key=lambda item: item.slug)
        self.totals = Totals.of(self.records)
        return self


@dataclass(frozen=True)
class DeclaredComparison:
    declared: TotaleDichiarato
    computed: Decimal
    count: int

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

    def axis_city_groups(self, axis: int) -> list[tuple[str, Group]]:
        return [(city, group) for (city, a), group in sorted(self.by_city_axis.items()) if a == axis]

    def city_axis_groups(self, city: str) -> list[tuple[int, Group]]:
        return [(a, group) for (c, a), group in sorted(self.by_city_axis.items()) if c == city]

    def action_city_groups(self, action: str) -> list[tuple[str, Group]]:
        by_city: dict[str, Group] = defaultdict(lambda: Group(""))
        for item in self.by_action[action].records:
            by_city[item.record.citta].records.append(item)
        return [(city, group.close()) for city, group in sorted(by_city.items())]


def aggregate(records: list[LoadedRecord], reference: Reference) -> Aggregates:
    by_axis = {axis.numero: Group(str(axis.numero)) for axis in reference.axes}
    by_city = {city.nome: Group(city.nome) for city in reference.cities}
    by_action: dict[str, Group] = {}
    by_city_axis: dict[tuple[str, int], Group] = {}
    for item in records:
        rec = item.record
        by_axis.setdefault(rec.asse, Group(str(rec.asse))).records.append(item)
        by_city.setdefault(rec.citta, Group(rec.citta)).records.append(item)
        action = rec.azione or (rec.parsed_code.action if rec.codice else None)
        if action:
            by_action.setdefault(action, Group(action)).records.append(item)
        by_city_axis.setdefault((rec.citta, rec.asse), Group(f"{rec.citta}/{rec.asse}")).records.append(item)
    for group in (*by_axis.values(), *by_city.values(), *by_action.values(), *by_city_axis.values()):
        group.close()
    declared = []
    for total in reference.declared_totals:
        group = by_city_axis.get((total.citta, total.asse))
        computed = group.totals.sums[total.voce] if group else ZERO
        declared.append(DeclaredComparison(total, computed, group.totals.count if group else 0))
    return Aggregates(
        programme=Totals.of(records),
        by_axis=by_axis,
        by_city=by_city,
        by_action=dict(sorted(by_action.items(), key=lambda kv: _action_key(kv[0]))),
        by_city_axis=by_city_axis,
        declared=declared,
    )


def _action_key(action: str) -> tuple[int, ...]:
    return tuple(int(part) for part in action.split("."))
