"""A maintainer's work is never overwritten: records in data/ are not touched, drafts
are replaced only with --sovrascrivi, and the differences are listed field by field."""

from __future__ import annotations

from .conftest import SEEDS, TODAY, run_importer

PAGE_TO = SEEDS / "003_00bc5e87d70292e5.txt"


def test_existing_record_is_left_alone_and_differences_listed(tmp_path, data_copy):
    record = data_copy / "interventi" / "to7-1-1-b.yaml"
    edited = record.read_text(encoding="utf-8").replace("erogato: € 218.177,38", "erogato: € 300.000,00")
    edited = edited.replace("rup: Alessandro Cabodi Gatti\n", "")
    record.write_text(edited, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (data_copy / "interventi").iterdir()}

    result = run_importer("pagina", PAGE_TO, "--bozze", tmp_path / "bozze", "--data", data_copy, "--oggi", TODAY)

    assert {p.name: p.read_bytes() for p in (data_copy / "interventi").iterdir()} == before
    assert (tmp_path / "bozze" / "to7-1-1-b.yaml").exists()
    out = result.output
    assert "to7-1-1-b.yaml: la scheda pubblicata esiste già e non è stata toccata" in out
    assert "  importi.erogato: bozza «€ 218.177,38», scheda esistente «€ 300.000,00»" in result.lines
    assert "  rup: solo nella bozza («Alessandro Cabodi Gatti»)" in result.lines
    # Unchanged fields are not listed, even when written differently (folded lines, € signs).
    for field in ("descrizione", "importi.programmato", "data_inizio", "titolo"):
        assert not any(line.startswith(f"  {field}:") for line in result.lines), field


def test_existing_draft_is_kept_unless_sovrascrivi(tmp_path, data_copy):
    args = ("pagina", PAGE_TO, "--bozze", tmp_path / "bozze", "--data", data_copy, "--oggi", TODAY)
    assert run_importer(*args).status == 0
    draft = tmp_path / "bozze" / "to7-1-1-b.yaml"
    draft.write_text(draft.read_text(encoding="utf-8") + "# rivista a mano\n", encoding="utf-8")
    work = draft.read_bytes()

    again = run_importer(*args)
    assert again.status == 1
    assert "esiste già una bozza: non sostituita (usare --sovrascrivi per sostituirla)" in again.output
    assert draft.read_bytes() == work

    replaced = run_importer(*args, "--sovrascrivi")
    assert replaced.status == 0
    assert "bozza sostituita" in replaced.output
    assert b"# rivista a mano" not in draft.read_bytes()
    assert not list((tmp_path / "bozze").glob(".*.tmp"))


def test_drafts_folder_inside_data_is_refused(data_copy):
    result = run_importer("pagina", PAGE_TO, "--bozze", data_copy / "interventi", "--data", data_copy)
    assert result.status == 1
    assert "il validatore leggerebbe le bozze come schede pubblicate" in result.output
    assert not (data_copy / "interventi" / "to7-1-1-b.yaml").read_text(encoding="utf-8").startswith("# Bozza")


def test_two_sources_for_one_address_in_one_run(tmp_path, data_copy):
    copy = tmp_path / "copia.txt"
    copy.write_bytes(PAGE_TO.read_bytes())
    result = run_importer("pagina", PAGE_TO, copy, "--bozze", tmp_path / "bozze", "--data", data_copy)
    assert result.status == 1
    assert "bozza non scritta: to7-1-1-b è già stata prodotta da" in result.output


def test_unwritable_drafts_folder_is_a_message(tmp_path, data_copy):
    blocker = tmp_path / "un-file"
    blocker.write_text("non una cartella", encoding="utf-8")
    result = run_importer("pagina", PAGE_TO, "--bozze", blocker / "bozze", "--data", data_copy)
    assert result.status == 1
    assert "impossibile scrivere la bozza" in result.output
    assert result.lines[-1].startswith("0 bozze scritte, 1 non scritta")
