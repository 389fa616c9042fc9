"""The reference tables: the programme's axes and cities, looked up by the checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Asse, Citta, Fonte, TotaleDichiarato


@dataclass
class Reference:
    axes: list[Asse] = field(default_factory=list)
    cities: list[Citta] = field(default_factory=list)
    declared_totals: list[TotaleDichiarato] = field(default_factory=list)
    # Line and column of each declared total's amount, for messages about it.
    declared_positions: list[tuple[int, int]] = field(default_factory=list)
    # Each one's place in the file's list (totali[2]): totals left out before it shift the count.
    declared_indices: list[int] = field(default_factory=list)
    totals_path: str = "data/totali-dichiarati.yaml"
    # Where the axes' allocations come from (assi.yaml's fonte and nota), for the pages that give them.
    axes_source: Fonte | None = None
    axes_note: str | None = None

    def __post_init__(self) -> None:
        self.city_by_name = {c.nome: c for c in self.cities}
        self.city_by_prefix = {c.sigla: c for c in self.cities}
        self.city_by_slug = {c.slug: c for c in self.cities}
        self.axis_by_number = {a.numero: a for a in self.axes}

    def unknown_city_message(self, name: str) -> str:
        from .validation_messages import unknown_city  # one wording for every check

        return unknown_city(name, self)
