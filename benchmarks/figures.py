"""How figure extraction and the FIG comparisons scale, on corpus copies and on
inputs built to be slow (a long run of "1,1,1,…", one paragraph of 20,000
sentences that all state a figure, thousands of documents stating the same
fact). Prints seconds per case; nothing here is asserted.

    python benchmarks/figures.py            # default sizes
    python benchmarks/figures.py 4          # sizes times 4
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from corpuslint.engine import run

ROOT = Path(__file__).resolve().parent.parent


def timed(label: str, paths: list[str], select: tuple[str, ...] = ("FIG",)) -> None:
    start = time.perf_counter()
    result = run(paths, select=list(select))
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for path in paths for p in ([Path(path)] if Path(path).is_file() else Path(path).rglob("*")) if p.is_file())
    print(f"{label:<52} {size / 1e6:7.2f} MB {seconds:7.2f} s  {len(result.findings):6} findings")


def main() -> None:
    scale = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    seeds = sorted((ROOT / "corpus").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        copies = base / "copies"
        copies.mkdir()
        for n in range(40 * scale):
            for seed in seeds:
                (copies / f"{n}-{seed.name}").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
        timed(f"{40 * scale} copies of the corpus (FIG only)", [str(copies)])
        timed(f"{40 * scale} copies of the corpus (all rules)", [str(copies)], ("ALL",))

        commas = base / "commas.txt"
        commas.write_text("1," * (300_000 * scale) + "\n", encoding="utf-8")
        timed("one line of 1,1,1,… (all rules)", [str(commas)], ("ALL",))

        sentences = base / "sentences.txt"
        sentences.write_text("30,000 were killed in 2020 by Armenia. " * (20_000 * scale) + "\n", encoding="utf-8")
        timed("one paragraph, 20,000 sentences with a figure", [str(sentences)])

        same = base / "same"
        same.mkdir()
        for n in range(2_000 * scale):
            value = 30_000 if n % 2 else 45_000
            (same / f"{n}.txt").write_text(f"In the first Karabakh war, Armenia said {value:,} were killed.\n", encoding="utf-8")
        timed(f"{2_000 * scale} documents stating one fact (two values)", [str(same)])


if __name__ == "__main__":
    main()
