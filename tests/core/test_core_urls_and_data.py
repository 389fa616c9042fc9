"""Permanent addresses, JSON-LD and citations, without building a site."""

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from ponmetro.dataset import load_dataset
from ponmetro.parallel import MIN_ITEMS_PER_PART, run_parts
from ponmetro.structured_data import citation, project_jsonld, report_query
from ponmetro.urls import Urls

DATA = Path(__file__).resolve().parents[2] / "data"


def test_addresses():
    urls = Urls("https://example.org/sito/", index_links=False)
    assert urls.project("mi3-3-1-e") == "progetti/mi3-3-1-e/"
    assert urls.action("3.3.1") == "azioni/3-3-1/"
    assert urls.absolute(urls.city("milano")) == "https://example.org/sito/citta/milano/"
    assert urls.link("progetti/") == "progetti/"
    assert Urls(index_links=True).link("progetti/") == "progetti/index.html"
    assert Urls.save_as("assi/3/") == "assi/3/index.html"


def test_jsonld_without_amounts_or_cup_has_no_funding_or_cup():
    dataset = load_dataset(DATA)
    item = next(i for i in dataset.records if i.slug == "bologna-poverta-abitativa")
    city = dataset.reference.city_by_name["Bologna"]
    data = project_jsonld(item, city, dataset.reference.axis_by_number[3], "https://x/")
    assert "identifier" not in data  # no code, no CUP
    assert data["funding"]["amount"]["value"] == "1879999.99"
    assert data["startDate"] == "2016-09"


def test_citation_text():
    dataset = load_dataset(DATA)
    item = next(i for i in dataset.records if i.slug == "to7-1-1-b")
    text = citation(item, "https://x/progetti/to7-1-1-b/").text
    assert text.startswith("«Piani di sostegno e sviluppo per enti di terzo settore» (TO7.1.1.b), PON Metro Aperto")
    assert "dati aggiornati al 22 novembre 2026" in text


def test_report_query_names_the_record_its_address_and_its_file():
    from urllib.parse import parse_qs

    dataset = load_dataset(DATA)
    for item in dataset.records:
        query = parse_qs(report_query(item, f"https://x/progetti/{item.slug}/"), strict_parsing=True)
        named = item.record.codice or item.record.display_title  # a record without a code: its title
        assert query == {
            "title": [f"Errore nella scheda {named}"],
            "body": [f"Scheda: https://x/progetti/{item.slug}/\nFile: {item.path}\n\n"
                     "Che cosa è sbagliato, e qual è la fonte corretta:\n"],
        }
    assert any(item.record.codice is None for item in dataset.records)


def test_run_parts_covers_every_item_once_and_raises():
    items = list(range(1000))
    parts = run_parts(len(items), lambda part, n: items[part::n], jobs=2)
    assert sorted(x for p in parts for x in p) == items

    def boom(part, n):
        raise ValueError(f"parte {part}")

    try:
        run_parts(1000, boom, jobs=2)
    except ValueError as exc:
        assert "parte" in str(exc)
    else:
        raise AssertionError("the worker's error was lost")

    def boom_once(part, n):
        if part == 5:
            raise ValueError(f"parte {part}")
        return part

    with pytest.raises(ValueError, match="parte 5"):
        run_parts(1000, boom_once, jobs=2, parts_per_job=8)


def shared_count():
    """A counter the forked workers of run_parts share with this process."""
    return multiprocessing.get_context("fork").Value("i", 0)


def wait_until(condition, timeout: float = 60) -> None:
    """A part kept slow until the others have run: by what they did, not by a
    fixed sleep, which a loaded machine (CI) can outlast before a worker starts."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the other parts never ran"
        time.sleep(0.01)


def test_run_parts_hands_small_parts_to_whichever_worker_is_free():
    """With parts_per_job, a slow part does not hold back the parts after it:
    the other worker takes them all while the slow one runs."""
    items = list(range(1000))
    others_done = shared_count()

    def task(part, n):
        if part == 0:  # slow until the other worker has done every other part
            wait_until(lambda: others_done.value == n - 1)
        else:
            with others_done.get_lock():
                others_done.value += 1
        return os.getpid(), part, n, items[part::n]

    parts = run_parts(len(items), task, jobs=2, parts_per_job=8)
    assert [part for _, part, _, _ in parts] == list(range(16))  # in part order
    assert {n for _, _, n, _ in parts} == {16}
    assert sorted(x for *_, chunk in parts for x in chunk) == items
    slow_worker = parts[0][0]
    assert slow_worker != os.getpid()
    assert [pid for pid, *_ in parts].count(slow_worker) == 1  # it did nothing else
    assert len(run_parts(1000, lambda part, n: part, jobs=2, parts_per_job=1000)) == 1000 // MIN_ITEMS_PER_PART


def test_run_parts_niceness_lowers_the_workers_priority_only():
    items = list(range(1000))
    before = os.nice(0)
    me, by_workers = os.getpid(), shared_count()

    def task(part, n):
        if os.getpid() == me:  # this process waits for the worker to have taken a part
            wait_until(lambda: by_workers.value > 0)
        else:
            with by_workers.get_lock():
                by_workers.value += 1
        return os.getpid(), os.nice(0)

    parts = run_parts(len(items), task, jobs=2, here=True, parts_per_job=4, niceness=5)
    workers = {nice for pid, nice in parts if pid != os.getpid()}
    mine = {nice for pid, nice in parts if pid == os.getpid()}
    assert workers == {min(before + 5, 19)}
    assert mine <= {before}  # this process, when it worked too, kept its own
    assert os.nice(0) == before
    plain = run_parts(len(items), lambda part, n: os.nice(0), jobs=2)
    assert set(plain) == {before}


def test_the_results_pipe_is_as_large_as_the_system_allows_and_large_results_come_back_whole():
    import fcntl
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ponmetro.parallel import RESULTS_PIPE_BYTES, _widen_results_pipe

    executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    try:
        _widen_results_pipe(executor)
        size = fcntl.fcntl(executor._result_queue._writer.fileno(), fcntl.F_GETPIPE_SZ)
    finally:
        executor.shutdown()
    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    assert size == min(limit, RESULTS_PIPE_BYTES) > 64 * 1024
    # Parts larger than the pipe, from workers and from this process, in order.
    parts = run_parts(1000, lambda part, n: bytes([part]) * (3 * RESULTS_PIPE_BYTES), jobs=2, here=True,
                      parts_per_job=2)
    assert [len(p) for p in parts] == [3 * RESULTS_PIPE_BYTES] * 4
    assert [p[0] for p in parts] == [0, 1, 2, 3] and all(p == p[:1] * len(p) for p in parts)


@pytest.mark.parametrize("failing", [0, 1])
def test_run_parts_here_does_parts_in_this_process(failing):
    items = list(range(1000))

    # This process takes parts from the last: while the last one is slow, the
    # worker does every other one; the results still come in part order.
    others_done = shared_count()

    def task(part, n):
        if part == n - 1:  # slow until the worker has done every other part
            wait_until(lambda: others_done.value == n - 1)
        else:
            with others_done.get_lock():
                others_done.value += 1
        return os.getpid(), part, items[part::n]

    parts = run_parts(len(items), task, jobs=2, here=True, parts_per_job=4)
    assert [part for _, part, _ in parts] == list(range(8))
    assert [pid == os.getpid() for pid, *_ in parts] == [False] * 7 + [True]
    assert sorted(x for *_, chunk in parts for x in chunk) == items
    parts = run_parts(len(items), lambda part, n: (os.getpid(), items[part::n]), jobs=2, here=True)
    assert sorted(x for _, p in parts for x in p) == items

    def boom(part, n):
        if part == failing:
            raise ValueError(f"parte {part}")
        return part

    with pytest.raises(ValueError, match=f"parte {failing}"):
        run_parts(1000, boom, jobs=2, here=True)
