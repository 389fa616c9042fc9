"""The GitHub Actions workflows parse, and every command they run exists: each
invoke task and option is defined in tasks.py, each make target in the Makefile,
each `python -m` module can be imported."""

from __future__ import annotations

import importlib.util
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from invoke import Collection

from publish_helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True.
    return workflow.get("on", workflow.get(True)) or {}


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def commands(workflow: dict) -> list[list[str]]:
    """Every shell command of every `run:`, as words (continued lines joined)."""
    found = []
    for step in steps(workflow):
        script = step.get("run", "")
        script = re.sub(r"\$\{\{.*?\}\}", "EXPR", script).replace("\\\n", " ")
        for line in script.splitlines():
            lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            lexer.commenters = "#"
            words: list[str] = []
            for token in [*lexer, ";"]:
                if token in {"&&", "||", ";", "|", "(", ")"}:
                    found += [_command(words)] if _command(words) else []
                    words = []
                else:
                    words.append(token)
    return found


def _command(words: list[str]) -> list[str]:
    """The command itself: no shell keyword or VAR=value before it, no redirection after."""
    while words and (words[0] in {"then", "do", "else", "!"} or re.match(r"^[A-Z_]+=", words[0])):
        words = words[1:]
    for index, word in enumerate(words):
        if word in {">", ">>", "<", "2>", "&>"}:
            return words[:index]
    return words


@pytest.fixture(scope="module")
def tasks() -> Collection:
    spec = importlib.util.spec_from_file_location("maintainer_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Collection.from_module(module)


def invocations(words: list[str], tasks: Collection) -> list[tuple[str, list[str]]]:
    """`invoke validate --github build --output x` -> [("validate", ["github"]), ("build", ["output"])]."""
    calls: list[tuple[str, list[str]]] = []
    rest = words[1:]
    while rest:
        word = rest.pop(0)
        if word.startswith("-"):
            assert calls, f"opzione prima del task: {words}"
            name = word.lstrip("-").split("=")[0]
            calls[-1][1].append(name)
            task = tasks[calls[-1][0]]
            arguments = {n: a for a in task.get_arguments() for n in a.names}
            assert name in arguments, f"{calls[-1][0]}: opzione --{name} inesistente in tasks.py"
            if arguments[name].kind is not bool and "=" not in word:
                rest.pop(0)
        else:
            assert word in tasks.task_names, f"task '{word}' inesistente in tasks.py ({words})"
            task = tasks[word]
            positional = [a for a in task.get_arguments() if a.positional]
            calls.append((word, []))
            for _ in positional:  # positional values follow the task name
                assert rest and not rest[0].startswith("-"), f"{word}: manca un argomento ({words})"
                rest.pop(0)
    return calls


@pytest.mark.parametrize("name", ["validate.yml", "publish.yml"])
def test_every_command_of_the_workflow_exists(name, tasks):
    workflow = load(name)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    seen = []
    for words in commands(workflow):
        program = Path(words[0]).name
        if program == "invoke":
            seen += [task for task, _ in invocations(words, tasks)]
        elif program == "make":
            for target in words[1:]:
                assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"make {target}: target inesistente"
            seen.append("make " + " ".join(words[1:]))
        elif program == "python" and words[1] == "-m":
            assert importlib.util.find_spec(words[2]) is not None, f"modulo {words[2]} inesistente"
            usage = subprocess.run([sys.executable, "-m", *words[2:4], "--help"], cwd=ROOT,
                                   capture_output=True, text=True)
            assert usage.returncode == 0, usage.stderr
            for option in (w.split("=")[0] for w in words[4:] if w.startswith("--")):
                assert option in usage.stdout, f"python -m {words[2]} {words[3]}: opzione {option} inesistente"
            seen.append(f"python -m {words[2]}")
    assert seen  # the parser above found the commands


def test_the_pull_request_workflow(tasks):
    workflow = load("validate.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    runs = [" ".join(words) for words in commands(workflow)]
    assert ".venv/bin/invoke validate --github" in runs
    assert any(r.startswith(".venv/bin/invoke build") for r in runs)
    assert any(r.startswith(".venv/bin/invoke diff") and r.endswith("--output $GITHUB_STEP_SUMMARY") for r in runs)
    # The base branch's addresses checked against this proposal's, after the summary is written.
    lost = next(i for i, r in enumerate(runs) if r.startswith(".venv/bin/invoke lost"))
    assert runs[lost] == ".venv/bin/invoke lost $RUNNER_TEMP/sito-base output --github"
    assert lost > next(i for i, r in enumerate(runs) if r.startswith(".venv/bin/invoke diff"))
    uses = [step.get("uses", "") for step in steps(workflow)]
    assert "actions/upload-artifact@v4" in uses
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "output/"
    setup_python = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup_python["with"]["python-version"] == "3.11"
    assert any(u.startswith("actions/setup-node") for u in uses)
    assert workflow["permissions"] == {"contents": "read"}


def test_the_publishing_workflow(tasks):
    workflow = load("publish.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    runs = [" ".join(words) for words in commands(workflow)]
    assert ".venv/bin/invoke validate --github" in runs
    assert any(r.startswith(".venv/bin/invoke publish") for r in runs)
    uses = [step.get("uses", "") for step in steps(workflow)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    publish = next(s for s in steps(workflow) if "invoke publish" in s.get("run", ""))
    assert "vars.PONMETRO_PUBLIC_URL" in publish["env"]["PONMETRO_PUBLIC_URL"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    deploy = workflow["jobs"]["pubblica"]
    assert deploy["needs"] == "costruisci" and deploy["environment"]["name"] == "github-pages"
    # The site handed to Pages is the release, not the link to it (the artifact
    # may hold no symbolic links).
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "${{ steps.publish.outputs.site }}"
    assert 'readlink -f releases/current' in publish["run"]


def test_the_command_parser_catches_a_missing_task(tasks):
    with pytest.raises(AssertionError, match="inesistente"):
        invocations([".venv/bin/invoke", "pubblica"], tasks)
    with pytest.raises(AssertionError, match="--verbose inesistente"):
        invocations([".venv/bin/invoke", "build", "--verbose"], tasks)
    assert invocations([".venv/bin/invoke", "validate", "--github", "build", "--output", "x"], tasks) == [
        ("validate", ["github"]), ("build", ["output"])]
    assert invocations(["invoke", "diff", "a", "b", "--output", "c"], tasks) == [("diff", ["output"])]
