"""The record cache: what a rebuild reads back, and what it pickles again."""

from __future__ import annotations

import pickle

from ponmetro.record_cache import RecordCache

PICKLED: list[str] = []


class Counted:
    """A cached value that notes each time it is pickled."""

    def __init__(self, text: str):
        self.text = text

    def __reduce__(self):
        PICKLED.append(self.text)
        return (Counted, (self.text,))

    def __eq__(self, other):
        return isinstance(other, Counted) and other.text == self.text


def saved_cache(path, names: str, key=(1, 1, "ref")) -> None:
    """A cache on disk holding `Counted(name)` for each `<name>.yaml`, all under `key`."""
    cache = RecordCache(path)
    for name in names:
        cache.put(f"{name}.yaml", key, Counted(name))
    cache.save()


def test_a_saved_cache_gives_back_each_result_under_its_key_only(tmp_path):
    path = tmp_path / "records.pickle"
    cache = RecordCache(path)
    cache.put("a.yaml", (1, 10, "ref"), Counted("a"))
    cache.put("b.yaml", (2, 20, "ref"), Counted("b"))
    cache.save()

    again = RecordCache.open(path)
    assert again.get("a.yaml", (1, 10, "ref")) == Counted("a")
    assert again.get("b.yaml", (2, 21, "ref")) is None  # the file changed size: read it again
    assert again.get("c.yaml", (3, 30, "ref")) is None
    assert (again.hits, again.misses) == (1, 2)
    assert again.changed == set()


def test_saving_after_one_edit_pickles_only_the_edited_record(tmp_path):
    path = tmp_path / "records.pickle"
    PICKLED.clear()
    saved_cache(path, "abc")
    assert sorted(PICKLED) == ["a", "b", "c"]

    rebuild = RecordCache.open(path)
    assert rebuild.get("a.yaml", (1, 1, "ref")) == Counted("a")
    assert rebuild.get("c.yaml", (1, 1, "ref")) == Counted("c")
    assert rebuild.get("b.yaml", (2, 1, "ref")) is None  # edited
    rebuild.put("b.yaml", (2, 1, "ref"), Counted("b, edited"))
    PICKLED.clear()
    rebuild.save()
    assert PICKLED == ["b, edited"]

    last = RecordCache.open(path)
    assert [last.get(f"{name}.yaml", key) for name, key in
            (("a", (1, 1, "ref")), ("b", (2, 1, "ref")), ("c", (1, 1, "ref")))] == [
        Counted("a"), Counted("b, edited"), Counted("c")]


def test_a_removed_file_leaves_the_cache_whether_or_not_it_was_read(tmp_path):
    path = tmp_path / "records.pickle"
    saved_cache(path, "abc")

    rebuild = RecordCache.open(path)
    assert rebuild.get("a.yaml", (1, 1, "ref")) == Counted("a")
    rebuild.keep_only({"c.yaml"})  # a.yaml was read back, b.yaml was not
    assert rebuild.changed == {"a.yaml", "b.yaml"}
    rebuild.save()

    last = RecordCache.open(path)
    assert last.get("a.yaml", (1, 1, "ref")) is None
    assert last.get("b.yaml", (1, 1, "ref")) is None
    assert last.get("c.yaml", (1, 1, "ref")) == Counted("c")


def test_a_damaged_entry_is_read_again_and_a_damaged_file_starts_afresh(tmp_path):
    path = tmp_path / "records.pickle"
    saved_cache(path, "ab")
    stored_format, code_key, stored = pickle.loads(path.read_bytes())
    stored["a.yaml"] = ((1, 1, "ref"), b"not a pickle")
    path.write_bytes(pickle.dumps((stored_format, code_key, stored)))

    rebuild = RecordCache.open(path)
    assert rebuild.get("a.yaml", (1, 1, "ref")) is None
    assert rebuild.get("b.yaml", (1, 1, "ref")) == Counted("b")

    path.write_bytes(b"\x80\x05 truncated")
    assert RecordCache.open(path).stored == {}


def test_a_process_that_stays_up_keeps_each_record_once_and_still_saves_them_all(tmp_path):
    path = tmp_path / "records.pickle"
    saved_cache(path, "ab")
    warm = RecordCache.open(path)
    assert warm.get("a.yaml", (1, 1, "ref")) == Counted("a")
    warm.release_pickled()
    assert set(warm.stored) == {"b.yaml"}  # a.yaml is held unpickled only

    PICKLED.clear()
    warm.save()
    assert PICKLED == ["a"]
    last = RecordCache.open(path)
    assert [last.get(f"{name}.yaml", (1, 1, "ref")) for name in "ab"] == [Counted("a"), Counted("b")]


def test_the_code_key_covers_every_module_that_validating_a_record_runs():
    # A module left out would keep results of the old code after it changed (lookalikes.py was).
    import subprocess
    import sys

    from ponmetro.record_cache import VALIDATION_MODULES

    listed = subprocess.run(
        [sys.executable, "-c", "import sys, ponmetro.dataset; "
         "print(' '.join(m for m in sys.modules if m.startswith('ponmetro.')))"],
        capture_output=True, text=True, check=True).stdout.split()
    imported = {name.removeprefix("ponmetro.") + ".py" for name in listed}
    # the split across processes and the cache itself do not change any result
    assert imported - {"parallel.py", "record_cache.py"} <= set(VALIDATION_MODULES)
