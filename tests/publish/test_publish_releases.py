"""`invoke publish` and `invoke rollback`: releases, the atomic switch of
releases/current, the checks that refuse a release, and a publication killed
half-way that leaves the live site as it was."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ponmetro_site.publish import releases_of, rollback, switch_to
from publish_helpers import (
    PUBLIC_URL, PUBLISHCONF, ROOT, copy_fixture, current_name, digest, publish_quietly,
    redirect_entry, rename_code, run_invoke, write_redirects,
)


def at(minute: int) -> dt.datetime:
    """Publication times one minute apart, so that release names sort in order."""
    return dt.datetime(2026, 11, 22, 9, minute, tzinfo=dt.timezone.utc)


def change_title(data: Path, slug: str, title: str) -> None:
    path = data / "interventi" / f"{slug}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"titolo: {title}\n" if line.startswith("titolo:") else line for line in lines]
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def data(tmp_path):
    return copy_fixture(tmp_path)


@pytest.fixture
def releases(tmp_path):
    return tmp_path / "releases"


def test_first_publication_creates_a_release_and_points_current_to_it(data, releases):
    result, messages = publish_quietly(data, releases, now=at(0))
    assert result.ok, result.message + messages
    assert (releases / "current").is_symlink()
    name = current_name(releases)
    assert name.startswith("20261122T090000Z-") and "/" not in name  # relative: the folder can move
    assert releases_of(releases) == [name]
    served = releases / "current" / "progetti" / "mi3-3-1-a" / "index.html"
    assert "MI3.3.1.a" in served.read_text(encoding="utf-8")
    # The name carries the content hash of the whole release.
    assert name.endswith(digest(releases / name)[:12])
    assert result.message.startswith(f"Pubblicata releases/{name}: 5 interventi, ")
    assert "prima pubblicazione" in result.message
    assert [entry.name for entry in releases.iterdir() if entry.name.startswith(".")] == [".lock"]


def unreadable_by_others(folder: Path) -> list[str]:
    """What a web server running as another user could not read (or enter) below `folder`."""
    found = []
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        needed = 0o555 if path.is_dir() else 0o444
        if path.stat().st_mode & needed != needed:
            found.append(f"{oct(path.stat().st_mode & 0o777)} {path.relative_to(folder.parent)}")
    return found


def test_a_release_published_under_a_strict_umask_is_readable_by_everyone(data, releases):
    previous = os.umask(0o077)  # as a hardened account publishes
    try:
        # With the search index: Pagefind, a program of its own, writes part of the site.
        result, messages = publish_quietly(data, releases, now=at(0), overrides={"PONMETRO_SEARCH": True})
    finally:
        restored = os.umask(previous)
    assert result.ok, result.message + messages
    assert restored == 0o077, "the umask of whoever called it is put back"
    assert unreadable_by_others(releases) == []
    assert (releases / "current" / "index.html").stat().st_mode & 0o777 == 0o644
    assert (releases / "current" / "pagefind" / "pagefind.js").is_file()


def test_a_releases_folder_that_cannot_be_used_is_one_sentence(data, tmp_path):
    taken = tmp_path / "versioni"
    taken.write_text("un file, non una cartella", encoding="utf-8")
    result, _ = publish_quietly(data, taken, now=at(0))
    assert not result.ok
    assert result.message == (f"Pubblicazione NON eseguita: cartella delle versioni {taken} non utilizzabile: "
                              "è un file, non una cartella")
    assert rollback(taken, report=lambda text: None).message == (
        f"Ripristino NON eseguito: cartella delle versioni {taken} non utilizzabile: è un file, non una cartella")
    inside = publish_quietly(data, taken / "releases", now=at(0))[0].message
    assert inside.startswith(f"Pubblicazione NON eseguita: cartella delle versioni {taken / 'releases'} "
                             "non utilizzabile: nel percorso c'è un file dove serve una cartella")
    assert taken.read_text(encoding="utf-8") == "un file, non una cartella"


def test_a_releases_folder_over_the_data_is_refused_and_nothing_is_removed(data, tmp_path):
    # As `invoke publish --releases .` in the repository: the data is inside it.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    result, _ = publish_quietly(data, tmp_path, now=at(0))
    assert not result.ok
    assert result.message == (f"Pubblicazione NON eseguita: la cartella delle versioni {tmp_path} contiene i dati "
                              f"({data}), che una costruzione del sito cancellerebbe: sceglierne un'altra "
                              "(di solito releases/)")
    assert (tmp_path / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".git", "data"]  # not even a lock


def test_only_what_a_publication_makes_is_cleared_as_leftovers(data, releases):
    (releases / ".well-known").mkdir(parents=True)
    (releases / ".well-known" / "acme").write_text("x", encoding="utf-8")
    (releases / ".htaccess").write_text("Options -Indexes\n", encoding="utf-8")
    (releases / ".in-costruzione-20261122T090000Z-1").mkdir()  # a killed publication's work folder
    result, messages = publish_quietly(data, releases, now=at(0))
    assert result.ok, result.message + messages
    assert "Tolgo i resti di una pubblicazione interrotta: .in-costruzione-20261122T090000Z-1" in messages
    assert sorted(p.name for p in releases.iterdir() if p.name.startswith(".")) == [".htaccess", ".lock", ".well-known"]


def test_the_same_data_twice_is_not_published_again(data, releases):
    first, _ = publish_quietly(data, releases, now=at(0))
    again, _ = publish_quietly(data, releases, now=at(1))
    assert again.ok
    assert again.message.startswith(f"Nessuna modifica: la versione pubblicata {current_name(releases)} è identica")
    assert releases_of(releases) == [first.release.name]


def test_a_change_gets_a_new_release_and_keeps_the_old_one(data, releases):
    first, _ = publish_quietly(data, releases, now=at(0))
    before = digest(first.release)
    change_title(data, "mi3-3-1-a", "Titolo corretto dalla fonte")
    second, messages = publish_quietly(data, releases, now=at(1))
    assert second.ok, second.message + messages
    assert current_name(releases) == second.release.name != first.release.name
    assert releases_of(releases) == [first.release.name, second.release.name]
    assert digest(first.release) == before  # the previous release is never touched
    page = releases / "current" / "progetti" / "mi3-3-1-a" / "index.html"
    assert "Titolo corretto dalla fonte" in page.read_text(encoding="utf-8")
    assert "progetti/mi3-3-1-a/index.html" in second.diff.changed
    assert not second.diff.added and not second.diff.removed
    assert f"rispetto a {first.release.name}: 0 pagine aggiunte, 0 tolte," in second.message


def test_only_the_last_releases_are_kept(data, releases):
    names = []
    for minute in range(5):
        change_title(data, "mi3-3-1-a", f"Titolo numero {minute}")
        result, messages = publish_quietly(data, releases, now=at(minute), keep=2)
        assert result.ok, result.message + messages
        names.append(result.release.name)
    assert releases_of(releases) == names[-3:]  # the current one and the 2 before it
    assert current_name(releases) == names[-1]


def test_rollback_goes_back_one_release_at_a_time(data, releases):
    names = []
    for minute in range(3):
        change_title(data, "mi3-3-1-a", f"Titolo numero {minute}")
        names.append(publish_quietly(data, releases, now=at(minute))[0].release.name)
    back = rollback(releases, report=lambda _: None)
    assert back.ok, back.message
    assert current_name(releases) == names[1]
    assert back.message == f"Ripristinata releases/{names[1]}: è di nuovo la versione pubblicata"
    page = releases / "current" / "progetti" / "mi3-3-1-a" / "index.html"
    assert "Titolo numero 1" in page.read_text(encoding="utf-8")
    # The release taken offline is withdrawn: a second rollback goes further back.
    assert (releases / f"{names[2]}.ritirata").is_dir()
    assert rollback(releases, report=lambda _: None).ok
    assert current_name(releases) == names[0]
    refused = rollback(releases, report=lambda _: None)
    assert not refused.ok
    assert refused.message == f"Ripristino NON eseguito: nessuna versione precedente a {names[0]} da ripristinare"
    assert current_name(releases) == names[0]
    # The next publication compares with what is live, and clears the withdrawn ones.
    change_title(data, "mi3-3-1-a", "Titolo numero 3")
    result, _ = publish_quietly(data, releases, now=at(10))
    assert result.previous.name == names[0]
    assert releases_of(releases) == [names[0], result.release.name]


def test_invoke_rollback_and_releases(data, releases):
    names = []
    for minute in range(2):
        change_title(data, "mi3-3-1-a", f"Titolo numero {minute}")
        names.append(publish_quietly(data, releases, now=at(minute))[0].release.name)
    listed = run_invoke("releases", "--releases", str(releases))
    assert listed.stdout.splitlines() == [f"  {names[0]}", f"* {names[1]}"]
    done = run_invoke("rollback", "--releases", str(releases))
    assert done.returncode == 0, done.stderr
    assert current_name(releases) == names[0]
    assert run_invoke("rollback", "--releases", str(releases)).returncode == 1


def test_invoke_publish_prints_progress_and_a_summary(data, releases, tmp_path):
    done = run_invoke("publish", "--releases", str(releases), "--data", str(data), "--keep", "3")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "1/3 Costruzione del sito con publishconf.py in releases/ ..."
    assert any(line.startswith("2/3 Controllo di ") for line in lines)
    assert lines[-1].startswith(f"Pubblicata releases/{current_name(releases)}: 5 interventi, ")
    assert lines[-1].endswith(" s")


# --- what makes a release refused -------------------------------------------------------


def test_a_release_that_drops_a_published_address_is_refused(data, releases):
    first, _ = publish_quietly(data, releases, now=at(0))
    rename_code(data, "MI3.3.1.z", "MI3.3.1.y")
    refused, messages = publish_quietly(data, releases, now=at(1))
    assert not refused.ok
    assert refused.message.startswith(f"Pubblicazione RIFIUTATA: {len(refused.problems)} problemi nella nuova")
    assert ("indirizzo perso: progetti/mi3-3-1-z/: pubblicato nella versione precedente, manca in questa: "
            "aggiungere un reindirizzamento in data/redirects.yaml") in messages.splitlines()
    # Whatever else was published under the old code is lost too (downloads, charts).
    old_files = [f for f in first.release.rglob("*") if "mi3-3-1-z" in f.as_posix() and f.is_file()]
    assert len(refused.problems) == len(old_files) > 1
    assert all(problem.startswith("indirizzo perso: ") and "mi3-3-1-z" in problem for problem in refused.problems)
    assert current_name(releases) == first.release.name
    assert releases_of(releases) == [first.release.name]
    assert sorted(p.name for p in releases.iterdir()) == [".lock", first.release.name, "current"]

    # With the redirect the same change is published, and the old address still answers.
    write_redirects(data, "redirects:\n" + redirect_entry("progetti/mi3-3-1-z/", "progetti/mi3-3-1-y/"))
    accepted, messages = publish_quietly(data, releases, now=at(2))
    assert accepted.ok, accepted.message + messages
    old = releases / "current" / "progetti" / "mi3-3-1-z" / "index.html"
    assert 'content="0; url=../../progetti/mi3-3-1-y/"' in old.read_text(encoding="utf-8")
    assert (releases / "current" / "progetti" / "mi3-3-1-y" / "index.html").is_file()
    assert "progetti/mi3-3-1-y/index.html" in accepted.diff.added
    assert "progetti/mi3-3-1-z/index.html" in accepted.diff.changed
    # One entry is enough: every old file of the project still answers.
    live = releases / "current"
    for old_file in old_files:
        relative = old_file.relative_to(first.release).as_posix()
        assert (live / relative).is_file(), relative
        new_file = live / relative.replace("mi3-3-1-z", "mi3-3-1-y")
        assert new_file.is_file()
        if relative.endswith("index.html"):
            assert f'url=../../{new_file.parent.relative_to(live).as_posix()}/"' in (live / relative).read_text()
        else:
            assert (live / relative).read_bytes() == new_file.read_bytes()


def test_removing_a_redirect_later_is_refused_too(data, releases):
    rename_code(data, "MI3.3.1.z", "MI3.3.1.y")
    write_redirects(data, "redirects:\n" + redirect_entry("progetti/mi3-3-1-z/", "progetti/mi3-3-1-y/"))
    first, _ = publish_quietly(data, releases, now=at(0))
    write_redirects(data, "redirects: []\n")
    refused, messages = publish_quietly(data, releases, now=at(1))
    assert not refused.ok
    assert "indirizzo perso: progetti/mi3-3-1-z/: " in messages
    assert current_name(releases) == first.release.name


def test_a_release_with_a_broken_internal_link_is_refused(data, releases, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    page = content / "pagine" / "il-progetto.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nVedi [la pagina che non c'è](../non-esiste/).\n",
                    encoding="utf-8")
    refused, messages = publish_quietly(data, releases, now=at(0), overrides={"PATH": str(content)})
    assert not refused.ok
    assert ("collegamento interrotto in il-progetto/index.html: ../non-esiste/: il file non esiste"
            in messages.splitlines())
    assert not (releases / "current").exists()
    assert releases_of(releases) == []


def test_a_build_with_invalid_data_publishes_nothing(data, releases):
    first, _ = publish_quietly(data, releases, now=at(0))
    path = data / "interventi" / "mi3-3-1-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("asse: 3", "asse: 9"), encoding="utf-8")
    failed, messages = publish_quietly(data, releases, now=at(1))
    assert not failed.ok
    assert "asse: asse '9' inesistente" in messages
    assert failed.message.endswith("Pubblicazione NON eseguita: il sito pubblicato è intatto.")
    assert current_name(releases) == first.release.name
    assert sorted(p.name for p in releases.iterdir()) == [".lock", first.release.name, "current"]


def test_a_second_publication_is_refused_while_one_runs(data, releases):
    releases.mkdir()
    with open(releases / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result, _ = publish_quietly(data, releases, now=at(0))
    assert not result.ok
    assert result.message.startswith("Pubblicazione NON eseguita: un'altra pubblicazione è in corso")
    assert not (releases / "current").exists()


def test_current_is_always_a_link_to_a_whole_release(data, releases):
    first, _ = publish_quietly(data, releases, now=at(0))
    change_title(data, "mi3-3-1-a", "Altro titolo")
    second, _ = publish_quietly(data, releases, now=at(1))
    switch_to(releases, first.release.name)
    assert (releases / "current").is_symlink() and current_name(releases) == first.release.name
    assert not [p for p in releases.iterdir() if p.name.startswith(".current")]


# --- killed half-way --------------------------------------------------------------------

# Run in a child process: publish, but stop for good in the middle of writing the
# site (Pelican's content_written signal fires after every file it writes), so
# that the test can kill the process at a known point of the build.
STALLING_PUBLISH = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from pelican import signals
    from ponmetro_site.publish import publish

    marker, data, releases = map(Path, sys.argv[1:4])
    written = []

    def stall(path, context):
        written.append(path)
        if len(written) == 10:
            marker.write_text(path)
            time.sleep(3600)

    signals.content_written.connect(stall)
    publish(Path(sys.argv[4]), releases, data_dir=data, overrides={"PONMETRO_SEARCH": False})
""")


def test_a_publication_killed_during_the_build_leaves_the_live_site_intact(data, releases, tmp_path):
    first, _ = publish_quietly(data, releases, now=at(0))
    live = current_name(releases)
    before = digest(releases / "current")
    change_title(data, "mi3-3-1-a", "Titolo che non verrà pubblicato")
    marker = tmp_path / "a-metà"
    script = tmp_path / "stalling_publish.py"
    script.write_text(STALLING_PUBLISH, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(marker), str(data), str(releases), str(PUBLISHCONF)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        # Wait until the child is half-way through writing the new site (a bound on
        # the wait, not a timed assertion: the child announces itself with the marker).
        deadline = time.monotonic() + 300
        while not marker.exists():
            assert child.poll() is None, f"il processo è finito prima del previsto: {child.stderr.read()}"
            assert time.monotonic() < deadline, "il processo non è arrivato a metà costruzione"
            time.sleep(0.05)
        half_written = [p for p in releases.iterdir() if p.name.startswith(".") and p.is_dir()]
        assert half_written, "nessuna cartella di lavoro: la costruzione non era in corso"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    # The live site is the old release, byte for byte, and still served through current.
    assert current_name(releases) == live
    assert digest(releases / "current") == before
    page = releases / "current" / "progetti" / "mi3-3-1-a" / "index.html"
    assert "Titolo che non verrà pubblicato" not in page.read_text(encoding="utf-8")
    assert releases_of(releases) == [first.release.name]
    leftovers = [p.name for p in releases.iterdir() if p.name.startswith(".") and p.name != ".lock"]
    assert leftovers  # the killed build's work folder, never named as a release

    # The next publication clears what the killed one left, then publishes.
    result, messages = publish_quietly(data, releases, now=at(5))
    assert result.ok, result.message + messages
    assert "Tolgo i resti di una pubblicazione interrotta" in messages
    assert [p.name for p in releases.iterdir() if p.name.startswith(".")] == [".lock"]
    assert "Titolo che non verrà pubblicato" in page.read_text(encoding="utf-8")


def test_publishing_uses_the_public_address_for_canonical_links(data, releases):
    result, _ = publish_quietly(data, releases, now=at(0), overrides={"PONMETRO_PUBLIC_URL": PUBLIC_URL})
    assert result.ok
    page = (releases / "current" / "progetti" / "mi3-3-1-a" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PUBLIC_URL}progetti/mi3-3-1-a/">' in page



def test_a_settings_file_that_cannot_be_read_is_one_sentence_and_makes_nothing(data, releases, tmp_path):
    from ponmetro_site.publish import publish

    broken = tmp_path / "rotto.py"
    broken.write_text("import modulo_che_non_esiste\n", encoding="utf-8")
    result = publish(broken, releases, data_dir=data, report=lambda text: None)
    assert not result.ok
    assert result.message == (f"Pubblicazione NON eseguita: {broken}: impostazioni non leggibili: "
                              "No module named 'modulo_che_non_esiste'")
    assert not releases.exists()
