"""How the cross-document name analysis scales with the number of distinct names.

Generates synthetic documents whose names are random pronounceable surnames
(with a few planted one-letter variants), runs the name analysis, and prints
time per run. Near-linear growth is the point: variants are found through a
deletion index, never by comparing every pair of names.

    python benchmarks/name_blocking.py 5000 20000 80000
"""

from __future__ import annotations

import random
import sys
import time

from corpuslint.checks.name_variants import analyse
from corpuslint.documents import Document
from corpuslint.facts import extract_facts
from corpuslint.ruledata import load_rule_data

# 100 consonant-vowel syllables, 4 to 6 of them: a space of about 10^12 names,
# so near neighbours stay as rare as among real surnames whatever the size (a
# small syllable set would crowd the space and make every name a near miss).
SYLLABLES = [c + v for c in "bcdfghjklmnprstvwxzq" for v in "aeiou"]


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(4, 6))).capitalize()


def corpus(distinct: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    names = [surname(rng) for _ in range(distinct)]
    documents, per_document = [], 200
    for start in range(0, distinct, per_document):
        chunk = names[start : start + per_document]
        sentences = [f"Minister {name} met the delegation. {name} spoke." for name in chunk]
        if chunk:  # plant one doubled-letter slip per document
            slip = chunk[0][:3] + chunk[0][2] + chunk[0][3:]
            sentences.append(f"Later, {slip} left.")
        documents.append(" ".join(sentences))
    return documents


def main(sizes: list[int]) -> None:
    data = load_rule_data()
    print(f"{'distinct names':>15} {'documents':>10} {'facts s':>9} {'analysis s':>11} {'clusters':>9}")
    for size in sizes:
        texts = corpus(size)
        started = time.perf_counter()
        facts = [extract_facts(Document(f"d{i}.txt", text, "text"), data) for i, text in enumerate(texts)]
        extracted = time.perf_counter()
        result = analyse(facts, data.names)
        done = time.perf_counter()
        print(f"{size:>15} {len(texts):>10} {extracted - started:>9.2f} {done - extracted:>11.2f} {len(result.clusters):>9}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [5000, 20000, 80000])
