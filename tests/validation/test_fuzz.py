"""Random bytes and mutations of valid records through the loader and the
validator: whatever comes in, problems come out, never an exception.

`random` with fixed seeds (hypothesis is not installed): the same inputs on every
run, so a failure can be replayed; raise ROUNDS locally to search further.
"""

from __future__ import annotations

import random
import re
import shutil

import pytest

from ponmetro import checks
from ponmetro.checks import LoadedRecord
from ponmetro.dataset import load_dataset, load_reference, parse_document
from ponmetro.model import Intervento
from ponmetro.problems import Report
from ponmetro.strict_yaml import load_bytes

from .support import BASE, BROKEN, copy_base

ROUNDS = 600
SEEDS = [p.read_bytes() for p in sorted((BASE / "interventi").glob("*.yaml"))]
# Pieces that YAML, the decoder and the model each treat specially.
TOKENS = [
    b":", b": ", b"- ", b"\n", b"  ", b"'", b'"', b"&a ", b"*a", b"!!str ", b"!x ", b"{", b"}", b"[", b"]",
    b"#", b"\t", b"? ", b"|", b">-", b"---\n", b"...\n", b"%YAML 1.1\n", b"<<: ", b",", b"\\",
    b"\xff", b"\x00", b"\xc3", b"\xe0", b"\xef\xbb\xbf", b"\xe2\x80\xa8", b"\xc2\x85", b"\r", b"\x1b",
    b"0021", b"NO", b"~", b"1.000", b"-5", b"30-09-0021", b"Settembre", b"MI3.3.1.e", b"n.d.",
    b"codice: ", b"slug: ", b"citta: ", b"asse: ", b"importi:\n  erogato: ", b"fonti:\n  - ",
    "€".encode(), "città".encode(),
]
ENGLISH = re.compile(r"\b(found|expected|while|could not|scanning|parsing|Traceback|Error)\b")


def mutate(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 8)):
        pos = rng.randint(0, len(data))
        roll = rng.random()
        if roll < 0.25 and data:
            del data[pos:pos + rng.randint(1, 30)]
        elif roll < 0.6:
            data[pos:pos] = rng.choice(TOKENS)
        elif roll < 0.8 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif roll < 0.9:  # move a line elsewhere, breaking the indentation or the order
            lines = data.split(b"\n")
            line = lines.pop(rng.randrange(len(lines)))
            lines.insert(rng.randrange(len(lines) + 1), line)
            data = bytearray(b"\n".join(lines))
        else:
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
    return bytes(data)


def inputs(seed: int):
    rng = random.Random(seed)
    for i in range(ROUNDS):
        if i % 10 == 0:
            yield bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
        else:
            yield mutate(rng, rng.choice(SEEDS))


@pytest.fixture(scope="module")
def reference():
    report = Report()
    ref = load_reference(BASE, BASE.parent, report)
    assert report.ok
    return ref


def check_problems(problems, raw):
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1, (problem, raw)
        assert problem.message, raw
        # what the maintainer wrote may be quoted in a message; the rest is Italian
        told = re.sub(r"'[^']*'", "''", problem.message)
        assert not ENGLISH.search(told), (problem.message, raw)
        problem.format()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_loader_and_validator_never_raise_on_mutated_records(seed, reference):
    outcomes = {"valid": 0, "refused": 0}
    for raw in inputs(seed):
        doc = load_bytes(raw, "fuzz.yaml")
        record, problems = parse_document(doc, Intervento, {"reference": reference})
        check_problems(problems, raw)
        if record is not None:
            item = LoadedRecord(record, "fuzz.yaml", {})
            check_problems(list(checks.check_record(item, reference, "fuzz")), raw)
            outcomes["valid"] += 1
        else:
            assert any(p.is_error for p in problems), raw  # refused, and told why
            outcomes["refused"] += 1
    # the mutations are neither all harmless nor all fatal: both paths were exercised
    assert outcomes["valid"] > 10 and outcomes["refused"] > ROUNDS / 2, outcomes


def test_whole_dataset_of_mutated_files_never_raises(tmp_path):
    rng = random.Random(7)
    for round_ in range(4):
        data = copy_base(tmp_path / str(round_))
        for path in sorted((data / "interventi").iterdir()):
            path.write_bytes(mutate(rng, path.read_bytes()))
        for broken in rng.sample(sorted(BROKEN.iterdir()), 5):
            shutil.copyfile(broken, data / "interventi" / broken.name)
        for name in ("assi.yaml", "citta.yaml", "totali-dichiarati.yaml"):
            if rng.random() < 0.5:
                (data / name).write_bytes(mutate(rng, (data / name).read_bytes()))
        report = load_dataset(data, root=data.parent).report
        check_problems(report.problems, round_)
        report.format()
