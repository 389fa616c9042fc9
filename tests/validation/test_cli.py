"""`python -m ponmetro validate` as a maintainer runs it: one line per problem,
a count, exit status 0/1, never a traceback."""

from __future__ import annotations

import re
import shutil

from .support import BROKEN, copy_base, edit, run_ponmetro, write

LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>[1-9]\d*):(?P<column>[1-9]\d*): "
    r"(?P<warning>avviso: )?(?:(?P<field>[A-Za-z_][\w.\[\]]*): )?(?P<message>\S.*)$"
)
COUNT = re.compile(
    r"^(?P<errors>\d+) (?:errore|errori), (?P<warnings>\d+) (?:avviso|avvisi) in (?P<files>\d+) file controllati$"
)


def parse_output(stdout: str):
    *lines, last = stdout.rstrip("\n").split("\n")
    parsed = []
    for line in lines:
        match = LINE.match(line)
        assert match, f"not in path:line:column: field: message form: {line!r}"
        parsed.append(match)
    count = COUNT.match(last)
    assert count, last
    return parsed, count


def test_valid_data_exits_0_and_lists_its_warnings(data_dir):
    result = run_ponmetro("validate", "--data", "data", cwd=data_dir.parent)
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "data/interventi/bo3-3-1-a.yaml:2:1: avviso: cup: "
        "CUP non disponibile: cercarlo su OpenCoesione o presso il soggetto attuatore",
        "data/interventi/bologna-accelerazione-civica.yaml:2:1: avviso: cup: "
        "CUP non disponibile: cercarlo su OpenCoesione o presso il soggetto attuatore",
        "data/interventi/bologna-poverta-abitativa.yaml:2:1: avviso: cup: "
        "CUP non disponibile: cercarlo su OpenCoesione o presso il soggetto attuatore",
        "0 errori, 3 avvisi in 7 file controllati",
    ]


def test_data_defaults_to_the_data_folder_of_the_current_directory(data_dir):
    result = run_ponmetro("validate", cwd=data_dir.parent)
    assert result.returncode == 0
    assert result.stdout.endswith("0 errori, 3 avvisi in 7 file controllati\n")


def test_every_problem_of_every_file_in_one_run_then_the_count(data_dir):
    edit(data_dir / "interventi/to7-1-1-b.yaml", "asse: 7", "asse: 9")
    edit(data_dir / "interventi/to7-1-1-b.yaml", "cup: C19J21037430006", "cup: C19")
    edit(data_dir / "interventi/bo3-3-1-a.yaml", "citta: Bologna", "citta: Bolonia")
    for name in ("empty.yaml", "windows-1252.yaml", "duplicate-key.yaml", "alias.yaml"):
        shutil.copyfile(BROKEN / name, data_dir / "interventi" / name)
    result = run_ponmetro("validate", "--data", "data", cwd=data_dir.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    problems, count = parse_output(result.stdout)
    errors = [p for p in problems if not p["warning"]]
    assert [(p["path"], p["line"], p["field"]) for p in errors] == [
        ("data/interventi/alias.yaml", "7", "soggetto_attuatore"),
        ("data/interventi/bo3-3-1-a.yaml", "4", "citta"),
        ("data/interventi/duplicate-key.yaml", "2", "codice"),  # a TO7.1.1.b record: named after it
        ("data/interventi/duplicate-key.yaml", "5", "citta"),
        ("data/interventi/empty.yaml", "1", None),
        ("data/interventi/to7-1-1-b.yaml", "5", "asse"),
        ("data/interventi/to7-1-1-b.yaml", "8", "cup"),
        ("data/interventi/windows-1252.yaml", "7", None),
        ("data/totali-dichiarati.yaml", "9", "totali[0].importo"),
    ]
    # the records with errors that may be Bologna's on axis 3: the misspelt city,
    # and the files whose city cannot be read at all
    assert errors[-1]["message"].endswith(
        "le schede con errori non sono contate (data/interventi/bo3-3-1-a.yaml, data/interventi/empty.yaml, "
        "data/interventi/windows-1252.yaml): correggerle prima")
    assert int(count["errors"]) == len(errors) == 9
    assert int(count["warnings"]) == len(problems) - len(errors)
    assert count["files"] == "11"
    # in file and line order
    keys = [(p["path"], int(p["line"]), int(p["column"])) for p in problems]
    assert keys == sorted(keys)


def test_singular_count(data_dir):
    edit(data_dir / "interventi/to7-1-1-b.yaml", "asse: 7", "asse: 9")
    for name in ("bo3-3-1-a.yaml", "bologna-accelerazione-civica.yaml"):
        edit(data_dir / "interventi" / name, "citta: Bologna\n", "citta: Bologna\ncup: n.d.\n")
    (data_dir / "totali-dichiarati.yaml").unlink()
    (data_dir / "interventi/bologna-poverta-abitativa.yaml").unlink()
    result = run_ponmetro("validate", "--data", "data", cwd=data_dir.parent)
    assert result.stdout.splitlines()[-1] == "1 errore, 2 avvisi in 5 file controllati"


def test_github_format_gives_annotations(data_dir):
    edit(data_dir / "interventi/to7-1-1-b.yaml", "asse: 7", "asse: 9")
    result = run_ponmetro("validate", "--data", "data", "--format", "github", cwd=data_dir.parent)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "::error file=data/interventi/to7-1-1-b.yaml,line=5,col=7::asse: asse '9' inesistente: " \
           "gli assi vanno da 1 a 8" in lines
    assert "::warning file=data/interventi/bo3-3-1-a.yaml,line=2,col=1::cup: CUP non disponibile: " \
           "cercarlo su OpenCoesione o presso il soggetto attuatore" in lines
    assert lines[-1] == "1 errore, 3 avvisi in 7 file controllati"


def test_a_missing_data_folder_is_one_clear_error(tmp_path):
    result = run_ponmetro("validate", "--data", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "nowhere:1:1: la cartella dei dati non esiste\n1 errore, 0 avvisi in 0 file controllati\n"


def test_undecodable_file_name_and_an_ascii_terminal_do_not_crash(data_dir):
    (data_dir / "interventi" / b"citt\xe0.yaml".decode("utf-8", "surrogateescape")).write_bytes(b"a: 1\n")
    result = run_ponmetro("validate", "--data", "data", cwd=data_dir.parent, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "data/interventi/citt\\udce0.yaml:1:1: nome del file non valido" in result.stdout
    assert "in 7 file controllati" in result.stdout  # the file is reported, not read


def test_an_unexpected_failure_is_one_sentence_and_exit_2(tmp_path):
    code = (
        "import ponmetro.cli as cli\n"
        "def boom(*a, **k): raise RuntimeError('guasto')\n"
        "cli.load_dataset = boom\n"
        "raise SystemExit(cli.main(['validate']))\n"
    )
    result = run_ponmetro(cwd=tmp_path, python_code=code)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ("errore interno inatteso (RuntimeError: guasto); "
                             "rieseguire con PONMETRO_DEBUG=1 e segnalarlo\n")
    debug = run_ponmetro(cwd=tmp_path, python_code=code, env={"PONMETRO_DEBUG": "1"})
    assert "Traceback" in debug.stderr  # only when asked for


def test_usage_errors_are_argparse_messages_not_tracebacks(tmp_path):
    result = run_ponmetro("validate", "--format", "xml", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "--format" in result.stderr


def test_schema_check_reports_stale_schemas(data_dir):
    assert run_ponmetro("schema", "--data", "data", cwd=data_dir.parent).returncode == 0
    assert run_ponmetro("schema", "--data", "data", "--check", cwd=data_dir.parent).returncode == 0
    write(data_dir / "schema/citta.schema.json", "{}\n")
    stale = run_ponmetro("schema", "--data", "data", "--check", cwd=data_dir.parent)
    assert stale.returncode == 1
    assert stale.stdout == ("data/schema/citta.schema.json: schema non aggiornato: "
                            "eseguire `python -m ponmetro schema`\n")


def test_every_broken_file_of_the_corpus_alone_never_shows_a_traceback(tmp_path):
    """Each file of broken/, alone in an otherwise empty interventi/ folder."""
    for broken in sorted(BROKEN.iterdir()):
        root = tmp_path / broken.stem
        data = copy_base(root)
        for record in (data / "interventi").iterdir():
            record.unlink()
        shutil.copyfile(broken, data / "interventi" / broken.name)
        result = run_ponmetro("validate", "--data", "data", cwd=root)
        assert "Traceback" not in result.stdout + result.stderr, broken.name
        assert result.returncode in (0, 1), broken.name
        parse_output(result.stdout)
