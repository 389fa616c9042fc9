"""Constants and helpers shared by the benchmark tests (a unique module name, so that
pytest's rootdir-less imports cannot confuse it with another folder's helpers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # `bench` is a folder of the repository, not an installed package
    sys.path.insert(0, str(REPO))

SMALL_N = 30
SEED = 7


def site_build_importable() -> bool:
    """True once the lead's `ponmetro_site` package can be imported from the repository root."""
    done = subprocess.run([sys.executable, "-c", "import ponmetro_site"], cwd=REPO, capture_output=True)
    return done.returncode == 0
