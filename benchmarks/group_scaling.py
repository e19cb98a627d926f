"""How the cross-document rules scale when one group grows with the corpus.

An archive repeats some things in a share of its articles however many there
are: a leader's name, a war's death toll, a ceasefire date, a standard book,
famous words. Every document here states all of them, a few with another
spelling, value, date, year or speaker, so each rule's largest group holds
every document. The script times each cross-document rule at each size (facts
extracted beforehand, not timed) and prints the growth: doubling the documents
should about double the time. A rule whose cost per finding grows with its
group shows as ×4.

    python benchmarks/group_scaling.py 2000 4000 8000
"""

from __future__ import annotations

import math
import sys
import time

from corpuslint.checks.figures import FactDatedDifferently, FigureDiffersBetweenSources, FigureDiffersWithinDocument
from corpuslint.checks.names import NameVariantAcrossDocuments
from corpuslint.checks.quotations import QuotationCreditedDifferently
from corpuslint.checks.shared_sources import SourceCitedDifferently
from corpuslint.documents import Document
from corpuslint.engine import Context
from corpuslint.facts import extract_facts
from corpuslint.ruledata import load_rule_data

RULES = [NameVariantAcrossDocuments, FigureDiffersBetweenSources, FigureDiffersWithinDocument, FactDatedDifferently,
         SourceCitedDifferently, QuotationCreditedDifferently]


def article(number: int) -> str:
    """Every article says the same five things; about one in a few hundred says one differently."""
    leader = "Recep Tayyip Erdoğan" if number % 2 else "Recep Tayyip Erdogan"
    day = 10 if number % 500 == 7 else 9
    dead = "25,000" if number % 400 == 3 else "30,000"
    year = 2019 if number % 300 == 5 else 2020
    speaker = "Ilham Aliyev" if number % 250 == 9 else "Nikol Pashinyan"
    return (
        f"{leader} spoke in Ankara. The second Karabakh war ended with the truce signed on November {day}, 2020. "
        f"The first Karabakh war (1988-1994) left {dead} dead. As {speaker} said in 2020: “there is no military "
        f"solution to this conflict and there never was one.” The record is clear.1\n\n"
        f"1 Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26, {year}.\n"
    )


def facts_of(documents: int, rule_data) -> tuple[list, Context]:
    context = Context(rule_data)
    all_facts = []
    for number in range(documents):
        facts = extract_facts(Document(f"a{number:06d}.txt", article(number), "text", digest=str(number)), rule_data)
        context.vocabulary.update(facts.vocabulary)
        all_facts.append(facts)
    return all_facts, context


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [2000, 4000, 8000]
    rule_data = load_rule_data([], [])
    timings: dict[str, list[float]] = {rule.code: [] for rule in RULES}
    for documents in sizes:
        all_facts, context = facts_of(documents, rule_data)
        for rule in RULES:
            context.memo.clear()  # each rule's shared analysis is timed with it
            start = time.perf_counter()
            findings = sum(1 for _ in rule().check_corpus(all_facts, context))
            timings[rule.code].append(time.perf_counter() - start)
            print(f"{documents:>7} documents  {rule.code}  {timings[rule.code][-1]:7.2f} s  {findings} findings", flush=True)
    print()
    print("| rule | " + " | ".join(f"{n:,} documents" for n in sizes) + " | growth per doubling |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for code, times in timings.items():
        doublings = math.log2(sizes[-1] / sizes[0]) or 1.0
        ratio = (times[-1] / times[0]) ** (1 / doublings) if times[0] else 0.0
        print(f"| {code} | " + " | ".join(f"{t:.2f} s" for t in times) + f" | ×{ratio:.1f} |")


if __name__ == "__main__":
    main()
