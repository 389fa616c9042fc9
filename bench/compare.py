"""Two versions of the site build, timed in turn on the same records: is a change faster?

Two runs of the same 10,000-record build on this machine differ by up to a
fifth (17 to 23 s), more than most changes save, so `make bench` before and
after a change cannot tell. Here whole builds of another version (`--against`,
any git revision) and of this checkout run alternately, so that a slow moment
of the machine hits both, and are compared pair by pair:

    python -m bench.compare --against db965a1 --n 10000 --pairs 5
    python -m bench.compare --against HEAD~1 --n 1000 --out /dev/shm/confronto

`--out` in /dev/shm keeps the disk's own noise out of the times (the synthetic
records are made there too, as by `bench.run`). The other
version is checked out with `git worktree` into the work folder (removed at
the end) and runs with this checkout's interpreter and packages, its own code
first on PYTHONPATH; node_modules is shared. Printed: each pair (wall and CPU
time), the medians, in how many pairs this checkout was faster, and the idle
core time (cores times wall time, less CPU time), which is what a change to
how work is shared out moves. The exit status is 1 if a build failed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as `python bench/compare.py`
    sys.path.insert(0, str(REPO))

from bench.run import DEFAULT_OUT, Inputs, SiteBuild, Trash, build_command, measure, prepare_inputs  # noqa: E402
from ponmetro.parallel import default_jobs  # noqa: E402


@dataclass
class Build:
    version: str  # "altra" (the revision compared against) or "questa" (this checkout)
    pair: int
    seconds: float
    cpu_seconds: float
    exit_code: int


def check_out(revision: str, folder: Path) -> str:
    """`revision` checked out (detached) in `folder`; its full commit id."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", f"{revision}^{{commit}}"],
                            capture_output=True, text=True)
    if commit.returncode != 0:
        raise SystemExit(f"revisione sconosciuta: {revision}")
    added = subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--force", str(folder),
                            commit.stdout.strip()], capture_output=True, text=True)
    if added.returncode != 0:
        raise SystemExit(f"impossibile estrarre {revision} in {folder}: {added.stderr.strip()}")
    if (REPO / "node_modules").exists() and not (folder / "node_modules").exists():
        (folder / "node_modules").symlink_to(REPO / "node_modules")  # the vendor files, not in git
    return commit.stdout.strip()


def remove_checkout(folder: Path) -> None:
    subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(folder)], capture_output=True)


def build_once(root: Path, inputs: Inputs, output: Path, log: Path, timeout: float) -> tuple[float, float, int]:
    """The site build of the code in `root`, as `bench.run` runs it, with that code first on PYTHONPATH."""
    site = SiteBuild([sys.executable, "-m", "ponmetro_site", "build"],
                     {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "plugins")])},
                     incremental=False)
    cmd, _, env = build_command("sito", inputs, output, site, log.with_suffix(".fasi.json"))
    result = measure(cmd, cwd=root, env=env, log=log, timeout=timeout)
    return result.seconds, result.cpu_seconds, result.exit_code


def summarise(builds: list[Build], cores: int) -> dict:
    def of(version: str) -> list[Build]:
        return [b for b in builds if b.version == version]

    pairs = [(a, b) for a in of("altra") for b in of("questa") if a.pair == b.pair]
    out = {"pairs": len(pairs), "questa_piu_veloce": sum(b.seconds < a.seconds for a, b in pairs)}
    for version in ("altra", "questa"):
        runs = of(version)
        out[version] = {
            "seconds": statistics.median(b.seconds for b in runs),
            "cpu_seconds": statistics.median(b.cpu_seconds for b in runs),
            "idle_core_seconds": statistics.median(cores * b.seconds - b.cpu_seconds for b in runs),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="revisione git da confrontare con questa copia")
    parser.add_argument("--n", type=int, default=10000, help="numero di schede sintetiche (default 10000)")
    parser.add_argument("--pairs", type=int, default=5, help="coppie di build alternate (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="cartella di lavoro: i dati sintetici, e le build in confronto/ (default bench/out)")
    parser.add_argument("--timeout", type=float, default=3600)
    args = parser.parse_args(argv)

    work = args.out.resolve() / "confronto"
    work.mkdir(parents=True, exist_ok=True)
    inputs = prepare_inputs(args.n, args.seed, args.out.resolve(), markdown=False)
    other = work / "altra-versione"
    remove_checkout(other)
    commit = check_out(args.against, other)
    roots = {"altra": other, "questa": REPO}
    trash = Trash(work)
    builds: list[Build] = []
    cores = default_jobs()  # the processes a build runs at once
    try:
        for pair in range(1, args.pairs + 1):
            for version, root in roots.items():
                output = work / f"sito-{version}"
                trash.throw(output)  # a rename: deleting 50,000 files would slow the next build
                seconds, cpu, code = build_once(root, inputs, output, work / f"log-{version}-{pair}.txt",
                                                args.timeout)
                builds.append(Build(version, pair, seconds, cpu, code))
                print(f"  coppia {pair}, {version:6}: {seconds:7.2f} s (CPU {cpu:.2f} s)"
                      + ("" if code == 0 else f"  ERRORE {code}, vedi {work / f'log-{version}-{pair}.txt'}"),
                      flush=True)
                if code != 0:
                    return 1
    finally:
        remove_checkout(other)
        trash.empty()
    result = summarise(builds, cores)
    print(f"\n{args.n} schede, {result['pairs']} coppie, altra = {args.against} ({commit[:10]}):")
    for version in ("altra", "questa"):
        r = result[version]
        print(f"  {version:6}  mediana {r['seconds']:.2f} s, CPU {r['cpu_seconds']:.2f} s, "
              f"core inattivi {r['idle_core_seconds']:.2f} s")
    print(f"  questa copia più veloce in {result['questa_piu_veloce']} coppie su {result['pairs']}")
    report = {"against": args.against, "commit": commit, "n": args.n, "cores": cores, **result,
              "builds": [asdict(b) for b in builds], "finished": time.strftime("%Y-%m-%dT%H:%M:%S")}
    (work / "confronto.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
