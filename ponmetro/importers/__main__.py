"""`python -m ponmetro.importers`: see cli.py."""
from .cli import main

raise SystemExit(main())
