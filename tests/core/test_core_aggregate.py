"""Totals are exact Decimal sums; unknown amounts are counted, not zeroed."""

from decimal import Decimal
from pathlib import Path

from ponmetro.aggregate import aggregate
from ponmetro.dataset import load_dataset

DATA = Path(__file__).resolve().parents[2] / "data"


def test_programme_and_group_totals_on_the_real_data():
    dataset = load_dataset(DATA)
    agg = aggregate(dataset.records, dataset.reference)
    records = [i.record for i in dataset.records]
    expected = sum((r.importi.programmato for r in records if r.importi.programmato is not None), Decimal("0"))
    assert agg.programme.get("programmato") == expected
    assert agg.programme.known["erogato"] == sum(r.importi.erogato is not None for r in records)
    assert agg.by_city["Bologna"].totals.count == 3
    assert agg.by_axis[3].totals.get("programmato") == Decimal("9830384.57") + Decimal("1128100.00")
    assert agg.by_axis[5].totals.count == 0 and agg.by_axis[5].totals.get("programmato") is None
    assert list(agg.by_action) == ["3.3.1", "7.1.1"]


def test_declared_total_comparison_keeps_both_figures():
    dataset = load_dataset(DATA)
    (bologna,) = aggregate(dataset.records, dataset.reference).declared
    assert bologna.declared.importo == Decimal("9830384.00")
    assert bologna.computed == Decimal("9830384.57")
    assert bologna.difference == Decimal("0.57")
    assert bologna.matches and bologna.count == 3


def test_share_of_programmato():
    dataset = load_dataset(DATA)
    torino = aggregate(dataset.records, dataset.reference).by_city["Torino"].totals
    assert round(torino.share_of_programmato("erogato"), 4) == Decimal("0.1818")


def test_a_share_of_programmato_counts_only_the_records_that_give_both(tmp_path):
    # Axis 3 has four records and only MI3.3.1.e gives erogato. Over the programmato of all
    # four its share read about a tenth of what it is: the others do not say they spent nothing.
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    record = data / "interventi/mi3-3-1-e.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("  erogato: € 0,00", "  erogato: € 564.050,00"), encoding="utf-8")
    dataset = load_dataset(data)
    assert not dataset.report.errors
    axis = aggregate(dataset.records, dataset.reference).by_axis[3].totals
    assert axis.known["erogato"] == 1 < axis.count == 4
    assert axis.share_of_programmato("erogato") == Decimal("564050.00") / Decimal("1128100.00") == Decimal("0.5")
    # a group where no record gives both has no share, rather than 0%
    assert aggregate(dataset.records, dataset.reference).by_axis[5].totals.share_of_programmato("erogato") is None


def test_combined_totals_are_the_sums_over_each_groups_own_records(tmp_path):
    """Axis, city and programme totals come from the city-axis groups: the same exact sums, digit for digit."""
    import sys

    sys.path.insert(0, str(DATA.parent))
    from bench import synthetic
    from ponmetro.aggregate import Totals

    dataset = load_dataset(synthetic.write_data_dir(tmp_path / "data", 400, seed=3))
    agg = aggregate(dataset.records, dataset.reference)
    groups = [*agg.by_axis.values(), *agg.by_city.values(), *agg.by_action.values(), *agg.by_city_axis.values(),
              *agg.by_action_city.values()]
    for action, group in agg.by_action.items():
        per_city = agg.action_city_groups(action)
        assert [city for city, _ in per_city] == sorted({item.record.citta for item in group.records})
        assert sorted(i.slug for _, g in per_city for i in g.records) == [i.slug for i in group.records]
    assert sum(group.totals.count for group in agg.by_axis.values()) == len(dataset.records) == 400
    for group in groups:
        direct = Totals.of(group.records)
        assert group.totals == direct, group.key
        assert [str(v) for v in group.totals.sums.values()] == [str(v) for v in direct.sums.values()]
    programme = Totals.of(dataset.records)
    assert agg.programme == programme
    assert {name: str(v) for name, v in agg.programme.sums.items()} == {
        name: str(v) for name, v in programme.sums.items()}
    assert 0 < agg.programme.known["erogato"] < 400  # some records give no amounts: counted, not zeroed


def test_every_group_lists_its_records_in_slug_order_whatever_the_input_order():
    import random

    dataset = load_dataset(DATA)
    shuffled = list(dataset.records)
    random.Random(7).shuffle(shuffled)
    agg = aggregate(shuffled, dataset.reference)
    groups = [*agg.by_axis.values(), *agg.by_city.values(), *agg.by_action.values(), *agg.by_city_axis.values(),
              *agg.by_action_city.values()]
    assert sum(len(group.records) for group in agg.by_axis.values()) == len(dataset.records) > 1
    for group in groups:
        slugs = [item.slug for item in group.records]
        assert slugs == sorted(slugs), group.key


def test_a_memo_reuses_the_totals_of_groups_of_the_same_records_and_sums_the_others_again():
    import dataclasses

    from ponmetro.aggregate import Totals

    dataset = load_dataset(DATA)
    records = dataset.records
    memo: dict = {}
    first = aggregate(records, dataset.reference, memo)
    assert set(memo) == {("citta-asse", g.key) for g in first.by_city_axis.values()} | {
        ("azione-citta", g.key) for g in first.by_action_city.values()}
    # One record's amount corrected: a new object, as the record cache hands back for an edited file.
    edited = next(item for item in records if item.record.importi.programmato is not None)
    importi = edited.record.importi.model_copy(update={"programmato": edited.record.importi.programmato + 1})
    new = dataclasses.replace(edited, record=edited.record.model_copy(update={"importi": importi}))
    records2 = [new if item is edited else item for item in records]
    second = aggregate(records2, dataset.reference, memo)
    fresh = aggregate(records2, dataset.reference)
    key = (edited.record.citta, edited.record.asse)
    assert second.by_city_axis[key].totals == fresh.by_city_axis[key].totals
    assert second.by_city_axis[key].totals.sums["programmato"] == first.by_city_axis[key].totals.sums["programmato"] + 1
    assert second.programme == fresh.programme == Totals.of(records2)
    for pair, group in second.by_city_axis.items():
        if pair != key:  # not summed again: the very same totals
            assert group.totals is first.by_city_axis[pair].totals
    # A removed record empties its groups out of the memo.
    alone = [item for item in records2 if item.record.citta != edited.record.citta]
    third = aggregate(alone, dataset.reference, memo)
    assert key not in third.by_city_axis and ("citta-asse", f"{key[0]}/{key[1]}") not in memo
    assert third.programme == Totals.of(alone)
