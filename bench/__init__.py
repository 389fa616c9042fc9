"""Benchmarks of the site build against plain Pelican and Hugo on synthetic records.

Everything here writes only under `bench/out/` (or a folder given on the command
line) and never into `data/`: the records it makes are synthetic and say so.

    python -m bench.synthetic --n 1000 --out bench/out/data-n1000-s1
    python -m bench.markdown_equiv --data bench/out/data-n1000-s1 --pelican DIR --hugo DIR
    python -m bench.run                 # N = 1000 and 10000, 3 runs each
    python -m bench.run --large         # adds N = 100000
"""
