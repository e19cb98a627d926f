"""A realistic synthetic corpus of a given size, for the speed benchmark.

Articles of about 20 KB (news and analysis length): paragraphs of English
prose with people and places, figures stated for shared facts, quotations,
note markers glued to sentences and a numbered notes list in the styles the
tool reads (Chicago books and articles, news items with URLs, Ibid., short
forms). Defects are planted at known rates, so the benchmark also shows that
findings grow with the content, not faster:

    name variant        1 in 40 mentions of a person written with a typo
    split word          1 in 400 words split by a stray space
    figure conflict     1 in 10 statements of a shared fact gives another value
    misattribution      1 in 10 quotations of a shared statement credited to someone else
    missing note        1 in 20 articles cites a note it does not have
    truncated URL       1 in 15 web notes cut after the host

What a whole archive keeps repeating is written in a fixed share of the articles,
however many there are, so these groups grow with the corpus (a cost per finding
that grows with its group would show as growth faster than the data):

    the leader's name   1 in 3 articles; 1 in 100 of them writes it with an accent
    the war's toll      1 in 5 articles; 1 in 50 of them gives another value
    the standard book   1 in 10 articles cite it; 1 in 30 of them with another year
    the famous words    1 in 10 articles quote them; 1 in 30 credit someone else

    python benchmarks/generate_corpus.py OUT_DIR SIZE_MB [--seed N]

The same seed and size always give the same files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ARTICLE_BYTES = 20_000
FIRST = ["Maria", "John", "Aylin", "Pierre", "Anna", "Rashid", "Elena", "David", "Nadia", "Tomas", "Ines", "Kofi",
         "Sofia", "Mikhail", "Leila", "Jonas", "Priya", "Samuel", "Olga", "Hassan"]
SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"]
PLACES = ["Valdoria", "Kessler Bay", "Port Amsel", "Rhune Valley", "Tarsk", "Mirova", "Lake Ostra", "Cape Dunmore",
          "Beltran", "Ilskaya", "Norvik", "Saltmarsh", "Quarry Hill", "Eastbrook", "Marenza", "Holt Province"]
OUTLETS = ["The Daily Ledger", "Northern Review", "Global Affairs Weekly", "The Harbour Times", "Policy Quarterly",
           "Continental Herald", "Reuters", "Associated Press"]
VERBS = ["said", "argued", "warned", "noted", "told reporters", "insisted", "added"]
EVENTS = ["the flood", "the strike", "the blockade", "the border war", "the election crisis", "the drought",
          "the port closure", "the mine collapse"]
CONCEPTS = [("people were killed", "killed"), ("people were displaced", "displaced"), ("people were injured", "wounded")]
WORDS = (
    "government policy market energy prices region officials report analysis economy trade budget workers union "
    "company industry investment growth inflation security agreement minister council parliament election vote "
    "campaign coalition opposition reform crisis recovery infrastructure transport water supply demand exports "
    "imports shipping harbour railway bridge power grid network farmers harvest drought rainfall season storm "
    "coast villages families schools hospitals doctors teachers students prices wages pensions taxes courts judges "
    "lawyers ruling appeal committee inquiry evidence witnesses journalists newspaper broadcast statement interview "
    "negotiations ceasefire troops border convoy refugees camps aid donors funding loans banks currency reserves"
).split()
CONNECTORS = ["Meanwhile,", "However,", "In the capital,", "By contrast,", "At the same time,", "Earlier this year,",
              "According to local reports,", "For many residents,", "In the weeks that followed,"]


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()


def typo(name: str, rng: random.Random) -> str:
    """One letter changed inside the surname: the planted name variant."""
    first, last = name.rsplit(" ", 1)
    i = rng.randint(1, len(last) - 2)
    return f"{first} {last[:i]}{rng.choice('aeiouy')}{last[i + 1:]}"


def split_word(word: str, rng: random.Random) -> str:
    if len(word) < 7:
        return word
    i = rng.randint(3, len(word) - 3)
    return word[:i] + " " + word[i:]


class World:
    """What every article draws on: the people, and the facts stated across the corpus."""

    def __init__(self, rng: random.Random, documents: int):
        self.people = [f"{rng.choice(FIRST)} {surname(rng)}" for _ in range(max(60, documents // 4))]
        self.facts = []
        for index in range(max(20, documents // 10)):
            event = f"{rng.choice(EVENTS)} in {rng.choice(PLACES)}"
            year = rng.randint(1995, 2024)
            what, _ = rng.choice(CONCEPTS)
            value = rng.choice([120, 340, 1_200, 4_500, 12_000, 30_000, 250_000])
            self.facts.append((f"{event} of {year}", what, value, index))
        # Statements quoted across the corpus, each with who said it and when.
        self.quotations = [
            (" ".join(rng.choice(WORDS) for _ in range(rng.randint(9, 16))).capitalize(), rng.choice(self.people),
             rng.randint(2015, 2024))
            for _ in range(max(30, documents // 5))
        ]
        # Written across the whole archive (see the module's docstring).
        self.leader = f"{rng.choice(FIRST)} {surname(rng)}"
        self.war = f"the border war in {rng.choice(PLACES)} of 2020"  # a year the figure rules date to an event
        self.book = (rng.choice(self.people), f"{rng.choice(WORDS).title()} and {rng.choice(WORDS).title()} in "
                     f"{rng.choice(PLACES)}", rng.randint(1990, 2010))
        self.motto = (" ".join(rng.choice(WORDS) for _ in range(12)).capitalize(), rng.choice(self.people), 2019)


def accented(name: str) -> str:
    """The leader's name as a few articles write it: its surname's first vowel accented."""
    first, last = name.rsplit(" ", 1)
    for i, letter in enumerate(last):
        if letter in "aeiou":
            return f"{first} {last[:i]}{'áéíóú'['aeiou'.index(letter)]}{last[i + 1:]}"
    return name


def archive_wide(rng: random.Random, world: World, notes: list[str]) -> list[str]:
    """The sentences of an article about what the whole archive repeats (see the docstring)."""
    sentences = []
    if rng.random() < 1 / 3:
        leader = accented(world.leader) if rng.random() < 1 / 100 else world.leader
        sentences.append(f"{leader} visited {rng.choice(PLACES)} on Monday, and {leader} spoke to reporters.")
    if rng.random() < 1 / 5:
        value = 45_000 if rng.random() < 1 / 50 else 30_000
        sentences.append(f"During {world.war}, {value:,} people were killed, officials said.")
    if rng.random() < 1 / 10:
        author, title, year = world.book
        year = year + 1 if rng.random() < 1 / 30 else year
        notes.append(f"{author}, {title} (London: Verso, {year}), {rng.randint(2, 300)}.")
        sentences.append(f"The standard history tells it differently.{len(notes)}")
    if rng.random() < 1 / 10:
        words, speaker, year = world.motto
        speaker = rng.choice(world.people) if rng.random() < 1 / 30 else speaker
        sentences.append(f"“{words},” {speaker} said in {year}.")
    return sentences


def filler(rng: random.Random, words: int, split_rate: float) -> str:
    out = []
    for _ in range(words):
        word = rng.choice(WORDS)
        out.append(split_word(word, rng) if rng.random() < split_rate else word)
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def article(rng: random.Random, world: World, number: int) -> str:
    title = f"{rng.choice(['Inside', 'After', 'Behind', 'Beyond'])} {rng.choice(EVENTS)[4:].title()} in {rng.choice(PLACES)}"
    lines = [title, "", f"By {rng.choice(world.people)}", "", f"March {rng.randint(1, 28)}, {rng.randint(2015, 2024)}", ""]
    notes: list[str] = []
    size = 0
    while size < ARTICLE_BYTES * 0.82:
        sentences = []
        for _ in range(rng.randint(4, 7)):
            roll = rng.random()
            if roll < 0.25:
                name = rng.choice(world.people)
                if rng.random() < 1 / 40:
                    name = typo(name, rng)
                sentences.append(f"{name} {rng.choice(VERBS)} that the {rng.choice(WORDS)} {rng.choice(WORDS)} "
                                 f"in {rng.choice(PLACES)} had changed.")
            elif roll < 0.35:
                event, what, value, _ = rng.choice(world.facts)
                if rng.random() < 0.1:
                    value = value * rng.choice([2, 3]) + rng.choice([0, 500])
                sentences.append(f"During {event}, {value:,} {what}, officials said.")
            elif roll < 0.42:
                quotation, speaker, year = rng.choice(world.quotations)
                if rng.random() < 0.1:
                    speaker = rng.choice(world.people)  # the planted misattribution
                sentences.append(f"“{quotation},” {speaker} said in {year}.")
            else:
                sentences.append(f"{rng.choice(CONNECTORS)} {filler(rng, rng.randint(10, 24), 1 / 400).lower()}")
            if rng.random() < 0.12:
                notes.append(note(rng, world, len(notes)))
                sentences[-1] += str(len(notes))
        paragraph = " ".join(sentences)
        lines += [paragraph, ""]
        size += len(paragraph) + 2
    repeated = archive_wide(rng, world, notes)
    if repeated:
        lines += [" ".join(repeated), ""]
    if notes and rng.random() < 1 / 20:
        lines[-2] += f" The claim was repeated.{len(notes) + 1}"  # a marker with no note
    if notes:
        lines += ["Notes", ""] + [f"{i} {body}" for i, body in enumerate(notes, 1)]
    return "\n".join(lines) + "\n"


def note(rng: random.Random, world: World, index: int) -> str:
    author = rng.choice(world.people)
    kind = rng.random()
    if index and kind < 0.1:
        return f"Ibid., {rng.randint(2, 300)}."
    if kind < 0.35:
        return (f"{author}, {rng.choice(WORDS).title()} and {rng.choice(WORDS).title()} in {rng.choice(PLACES)} "
                f"(London: {rng.choice(['Verso', 'Penguin', 'Routledge', 'Polity'])}, {rng.randint(1990, 2023)}), "
                f"{rng.randint(2, 300)}.")
    if kind < 0.6:
        return (f"{author}, “The {rng.choice(WORDS).title()} Question,” {rng.choice(['Policy Quarterly', 'Review of Affairs'])} "
                f"{rng.randint(1, 40)}:{rng.randint(1, 4)} ({rng.randint(1990, 2023)}): {rng.randint(1, 90)}-{rng.randint(91, 200)}.")
    host = rng.choice(["www.dailyledger.example", "news.example.org", "www.harbourtimes.example"])
    url = f"https://{host}/{rng.randint(2015, 2024)}/{rng.choice(WORDS)}-{rng.choice(WORDS)}-{rng.randint(100, 999)}"
    if rng.random() < 1 / 15:
        url = f"https://{host.split('.')[0]}."  # cut after the host
    return (f"{author}, “{rng.choice(WORDS).title()} {rng.choice(WORDS)} in {rng.choice(PLACES)},” "
            f"{rng.choice(OUTLETS)}, March {rng.randint(1, 28)}, {rng.randint(2015, 2024)}, {url}")


def generate(out: Path, megabytes: float, seed: int = 1) -> int:
    rng = random.Random(seed)
    documents = max(1, int(megabytes * 1e6 / ARTICLE_BYTES))
    world = World(rng, documents)
    out.mkdir(parents=True, exist_ok=True)
    for number in range(documents):
        folder = out / f"{number // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"article-{number:06d}.txt").write_text(article(rng, world, number), encoding="utf-8")
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("megabytes", type=float)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    count = generate(args.out, args.megabytes, args.seed)
    size = sum(p.stat().st_size for p in args.out.rglob("*.txt"))
    print(f"{count} articles, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
