"""A process that stays up reuses an unchanged project's row and pages, and only those."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ponmetro.dataset import Dataset, load_dataset
from ponmetro.pages import build_site_model
from ponmetro.problems import Problem, Report, Severity
from ponmetro.project_memo import ProjectMemo
from ponmetro.urls import Urls

DATA = Path(__file__).resolve().parents[2] / "data"
URLS = Urls("https://example.org/sito/")


def project_pages(site) -> dict[str, object]:
    """The project pages and the embed pages of their charts."""
    return {page.path: page for page in site.pages
            if page.kind == "progetto" or page.path.startswith("embed/avanzamento-")}


def shape(site) -> list[tuple]:
    """What a model says, page by page: enough to tell two models apart."""
    return [(p.kind, p.path, p.template, p.title, p.description, sorted(p.sources), p.updated) for p in site.pages]


def test_the_same_records_get_back_the_same_pages():
    dataset = load_dataset(DATA)
    memo = ProjectMemo("chiave")
    first = build_site_model(dataset, URLS, memo=memo)
    assert memo.hits == 0
    second = build_site_model(dataset, URLS, memo=memo)
    assert memo.hits == len(dataset.records) > 1
    before, after = project_pages(first), project_pages(second)
    assert before.keys() == after.keys() and len(before) > len(dataset.records)
    assert all(after[path] is before[path] for path in before)
    assert all(second.rows[slug] is first.rows[slug] for slug in first.rows)
    assert shape(second) == shape(first) == shape(build_site_model(dataset, URLS))


def test_a_record_read_again_gets_new_pages_and_the_others_are_kept():
    dataset = load_dataset(DATA)
    memo = ProjectMemo("chiave")
    first = build_site_model(dataset, URLS, memo=memo)
    edited = dataset.records[0]
    new_record = edited.record.model_copy(update={"titolo": "Titolo corretto dal manutentore"})
    records = [dataclasses.replace(edited, record=new_record), *dataset.records[1:]]
    second = build_site_model(Dataset(records, dataset.reference, dataset.report), URLS, memo=memo)
    assert memo.hits == len(records) - 1
    page = next(p for p in second.pages if p.kind == "progetto" and p.sources == {edited.slug})
    assert page.title == "Titolo corretto dal manutentore"
    assert second.rows[edited.slug].title == "Titolo corretto dal manutentore"
    listed = next(p for p in second.pages if p.kind == "progetti")
    assert "Titolo corretto dal manutentore" in [row.title for row in listed.values["righe"]]
    other = dataset.records[1].slug
    assert second.rows[other] is first.rows[other]


def test_new_warnings_make_the_page_again_and_a_removed_record_leaves_the_memo():
    dataset = load_dataset(DATA)
    memo = ProjectMemo("chiave")
    build_site_model(dataset, URLS, memo=memo)
    item = dataset.records[0]
    report = Report(list(dataset.report.problems))
    report.add(Problem(item.path, 1, 1, "cup", "un avviso nuovo", Severity.WARNING))
    second = build_site_model(Dataset(dataset.records[:-1], dataset.reference, report), URLS, memo=memo)
    assert memo.hits == len(dataset.records) - 2
    page = next(p for p in second.pages if p.kind == "progetto" and p.sources == {item.slug})
    assert "un avviso nuovo" in page.values["avvisi"]
    assert dataset.records[-1].slug not in memo.by_slug
    assert dataset.records[-1].slug not in second.rows


def group_pages(site) -> dict[str, object]:
    return {page.path: page for page in site.pages if page.kind in ("asse", "citta", "azione")}


def test_group_pages_list_the_remade_rows_and_keep_the_others():
    dataset = load_dataset(DATA)
    memo = ProjectMemo("chiave")
    first = build_site_model(dataset, URLS, memo=memo)
    item = dataset.records[0]
    # Only a new warning: the record is the same object, its page and row are made again.
    report = Report(list(dataset.report.problems))
    report.add(Problem(item.path, 1, 1, "cup", "un avviso nuovo", Severity.WARNING))
    second = build_site_model(Dataset(dataset.records, dataset.reference, report), URLS, memo=memo)
    new_row = second.rows[item.slug]
    assert new_row is not first.rows[item.slug]
    before, after = group_pages(first), group_pages(second)
    assert before.keys() == after.keys()
    shown = 0
    for path, page in after.items():
        if item.slug in page.sources:
            shown += 1
            listed = [row for row in page.values["righe"] if row.slug == item.slug]
            assert len(listed) == 1 and listed[0] is new_row, path  # the new row object, not the old one
        else:  # the same records and rows: the same lists, not made again
            assert page.values["righe"] is before[path].values["righe"], path
            assert page.sources is before[path].sources, path
    assert shown == 3 if item.action else 2
    fresh = build_site_model(Dataset(dataset.records, dataset.reference, report), URLS)
    assert {path: (page.sources, page.values["righe"]) for path, page in group_pages(fresh).items()} == {
        path: (page.sources, page.values["righe"]) for path, page in after.items()}


def test_a_new_redirect_to_a_project_makes_its_page_again():
    # A process that stays up and a redirect added to data/redirects.yaml: the page
    # must now name its previous address, not be reused as it was.
    import datetime as dt

    from ponmetro.pages import previous_addresses
    from ponmetro.redirects import Reindirizzamento

    dataset = load_dataset(DATA)
    memo = ProjectMemo("chiave")
    build_site_model(dataset, URLS, memo=memo)
    slug = dataset.records[0].slug
    entry = Reindirizzamento(da="progetti/vecchio/", a=f"progetti/{slug}/", motivo="Codice corretto",
                             dal=dt.date(2026, 11, 22))
    moved = previous_addresses([entry, Reindirizzamento(da="vecchia/", a="assi/", motivo="x", dal=dt.date(2026, 1, 1))],
                               URLS)
    assert list(moved) == [slug]  # only projects' pages say where they were
    second = build_site_model(dataset, URLS, memo=memo, moved=moved)
    assert memo.hits == len(dataset.records) - 1
    page = next(p for p in second.pages if p.kind == "progetto" and p.sources == {slug})
    (previous,) = page.values["indirizzi_precedenti"]
    assert (previous.address, previous.until, previous.reason) == (
        "https://example.org/sito/progetti/vecchio/", dt.date(2026, 11, 22), "Codice corretto")
