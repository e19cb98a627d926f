"""The note parser on real-world note styles (written for this test), issue 5's first part.

Each row: the note, then the parts expected (kind, authors, title, container,
date, pages, url); None where the part must stay empty. A note the parser does
not understand must come out as unknown, never as a guess.
"""

from __future__ import annotations

import pytest

from corpuslint.facts.sources import parse_note

ROWS = [
    # Chicago books
    ("Farid Shafiyev, Resettling the Borderlands (Montreal: McGill-Queen’s University Press, 2018), 64-108.",
     "book", ("Farid Shafiyev",), "Resettling the Borderlands", "McGill-Queen’s University Press", "2018", "64-108", None),
    ("Audrey L. Alstadt, The Azerbaijani Turks: Power and Identity (Stanford, CA: Hoover Institution Press, 1992), 207-208.",
     "book", ("Audrey L. Alstadt",), "The Azerbaijani Turks: Power and Identity", "Hoover Institution Press", "1992",
     "207-208", None),
    ("Thomas de Waal, Black Garden (New York: NYU Press, 2003), 45.",
     "book", ("Thomas de Waal",), "Black Garden", "NYU Press", "2003", "45", None),
    ("Levon Chorbajian and Patrick Donabedian, The Caucasian Knot (London: Zed Books, 1994).",
     "book", ("Levon Chorbajian", "Patrick Donabedian"), "The Caucasian Knot", "Zed Books", "1994", None, None),
    ("See Svante Cornell, Small Nations and Great Powers (Richmond: Curzon, 2001), 61.",
     "book", ("Svante Cornell",), "Small Nations and Great Powers", "Curzon", "2001", "61", None),
    # Journal articles
    ("Arsene Saparov, “Why Autonomy?,” Europe-Asia Studies, no. 2 vol.64 (March 2012): 281-323.",
     "article", ("Arsene Saparov",), "Why Autonomy?", "Europe-Asia Studies", "March 2012", "281-323", None),
    ("Adil Bagirov, “Competing Claims,” Journal of Muslim Minority Affairs 32:2 (2012): 139-175.",
     "article", ("Adil Bagirov",), "Competing Claims", "Journal of Muslim Minority Affairs", "2012", "139-175", None),
    ("Cited in David D. Laitin and Ronald Grigor Suny, “Armenia and Azerbaijan,” Middle East Policy, no. 1 vol.7 (October 1999), 166.",
     "article", ("David D. Laitin", "Ronald Grigor Suny"), "Armenia and Azerbaijan", "Middle East Policy", "October 1999", "166", None),
    ("Sergey Minasyan, “The Conflict in Context,” Nationalities Papers, no. 1 vol. 45 (2017): 131-139.",
     "article", ("Sergey Minasyan",), "The Conflict in Context", "Nationalities Papers", "2017", "131-139", None),
    ("Anna Ohanyan, “Network Peace,” Journal of Peace Research 55, no. 3 (2018): 1-15.",
     "article", ("Anna Ohanyan",), "Network Peace", "Journal of Peace Research", "2018", "1-15", None),
    ("Laurence Broers, \"Mirrors to the World,\" Caucasus Survey, vol. 3 (2015): 11-30.",
     "article", ("Laurence Broers",), "Mirrors to the World", "Caucasus Survey", "2015", "11-30", None),
    # News and web
    ("Joshua Kucera, “Russia and Turkey agree on a monitoring center,” Eurasianet, November 11, 2020, https://eurasianet.org/x",
     "web", ("Joshua Kucera",), "Russia and Turkey agree on a monitoring center", "Eurasianet", "November 11, 2020", None,
     "https://eurasianet.org/x"),
    ("Andrew Higgins, “A Truce in the Caucasus,” The New York Times, 10 November 2020, https://www.nytimes.com/2020/11/10/x.html.",
     "web", ("Andrew Higgins",), "A Truce in the Caucasus", "The New York Times", "10 November 2020", None,
     "https://www.nytimes.com/2020/11/10/x.html"),
    ("“Nagorno-Karabakh: Ceasefire Agreed,” BBC News, October 10, 2020, https://www.bbc.com/news/world-54484738.",
     "web", (), "Nagorno-Karabakh: Ceasefire Agreed", "BBC News", "October 10, 2020", None, "https://www.bbc.com/news/world-54484738"),
    ("https://www.bbc.com/news/world-europe-54324772",
     "web", (), None, None, None, None, "https://www.bbc.com/news/world-europe-54324772"),
    ("Maziar Motamedi, “Iran’s balancing act,” Al Jazeera, October 2, 2020.",
     "article", ("Maziar Motamedi",), "Iran’s balancing act", "Al Jazeera", "October 2, 2020", None, None),
    ("Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26,",
     "article", ("Thomas de Waal",), "No Compromise in Sight", "Foreign Affairs", None, None, None),
    ("Neil Hauer, “Armenia’s New Army,” Foreign Policy, August 2020, https://foreignpolicy.com/2020/08/x/",
     "web", ("Neil Hauer",), "Armenia’s New Army", "Foreign Policy", "August 2020", None, "https://foreignpolicy.com/2020/08/x/"),
    # Short forms, Ibid., op. cit.
    ("Laitin and Suny, “Armenia and Azerbaijan,” 147.",
     "short", ("Laitin", "Suny"), "Armenia and Azerbaijan", None, None, "147", None),
    ("De Waal, “No Compromise,” 3.", "short", ("De Waal",), "No Compromise", None, None, "3", None),
    ("Shafiyev, “Resettling,” pp. 70-71.", "short", ("Shafiyev",), "Resettling", None, None, "70-71", None),
    ("Ibid., 45.", "ibid", (), None, None, None, "45", None),
    ("Ibid.", "ibid", (), None, None, None, None, None),
    ("ibid, p. 12", "ibid", (), None, None, None, "12", None),
    ("Ibid., 281-283.", "ibid", (), None, None, None, "281-283", None),
    ("Smith, op. cit., 12.", "short", ("Smith",), None, None, None, "12", None),
    # Not understood: left alone
    ("Rossiyskiy Gosudarstvenniy Arkhiv (RGASPI), f. 64, op.1, d. 215, 122.", "unknown", (), None, None, None, None, None),
    ("Interview with the author, Baku.", "unknown", (), None, None, None, None, None),
    ("Author’s calculations based on official statistics.", "unknown", (), None, None, None, None, None),
    ("", "unknown", (), None, None, None, None, None),
    ("See above.", "unknown", (), None, None, None, None, None),
]


@pytest.mark.parametrize("note,kind,authors,title,container,date,pages,url", ROWS, ids=[r[0][:40] for r in ROWS])
def test_note_parser(note, kind, authors, title, container, date, pages, url):
    parts = parse_note(note)
    assert (parts.kind, parts.authors, parts.title, parts.container, parts.date, parts.pages, parts.url) == (
        kind, authors, title, container, date, pages, url)


def test_completeness():
    assert parse_note(ROWS[0][0]).completeness == "full"
    assert parse_note("Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26,").completeness == "partly"
    assert parse_note("Interview with the author, Baku.").completeness == "none"


# --- several works in one note, and commentary around them (parse_works) ---------------

from corpuslint.facts.sources import completeness, parse_works  # noqa: E402

WORKS = [
    # two works in one note
    ("Arsene Saparov, “Why Autonomy?,” Europe-Asia Studies 64:2 (2012): 281-323. Jamil Hasanli, The Sovietization "
     "of Azerbaijan (Salt Lake City: The University of Utah Press, 2018), 117-157.",
     [("article", "Arsene Saparov", "Why Autonomy?"), ("book", "Jamil Hasanli", "The Sovietization of Azerbaijan")]),
    # a book title broken at a full stop is one work, not two
    ("Tadeusz Swietochowski, Russian Azerbaijan, 1905-1920. The Shaping of National Identity in a Muslim Community "
     "(New York: Cambridge University Press, 1985).",
     [("book", "Tadeusz Swietochowski", "Russian Azerbaijan, 1905-1920. The Shaping of National Identity in a Muslim Community")]),
    # commentary, then "See" after a comma
    ("Gerard Libaridian, a leading scholar, criticized the remarks. He called them a declaration of war, See Gerard "
     "Labaridian, “Step, this time a big step back,” Aravot, September 2, 2020.",
     [("article", "Gerard Labaridian", "Step, this time a big step back")]),
    # a lead-in before the work
    ("For a thorough analysis of Pashinyan’s worldview, see David Batashvili, “Nikol Pashinyan’s Russian Problem,” "
     "Security Review, January 12, 2019.",
     [("article", "David Batashvili", "Nikol Pashinyan’s Russian Problem")]),
    # a short form, then commentary that is not part of it
    ('Gubbins, "Mutinies in Oudh," p. 181. Other accounts give a smaller figure.', [("short", "Gubbins", "Mutinies in Oudh")]),
    # a sentence adverb is not an author
    ("The Treaty of Alexandrapol annulled the Treaty of Sevres. Moreover, the Treaty of Kars (October 1921) did too.", []),
    # short forms of books: the title is bare
    ("Wu, The Curse of Bigness, 40; Wu, op. cit., 41.", [("short", "Wu", "The Curse of Bigness"), ("short", "Wu", None)]),
    # an Ibid. and an archival reference
    ("Ibid., 302.", [("ibid", None, None)]),
    ("Bank of England Archive, file 7A/112/3, minutes of 4 February 1994, 2.", []),
]


@pytest.mark.parametrize("note,expected", WORKS, ids=[w[0][:40] for w in WORKS])
def test_works_of_a_note(note, expected):
    works = parse_works(note)
    assert [(w.kind, w.authors[0] if w.authors else None, w.title) for w in works] == expected


def test_completeness_of_a_note():
    assert completeness(parse_works(WORKS[0][0])) == "full"
    assert completeness(parse_works("Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26,")) == "partly"
    assert completeness(parse_works("Interview with a high-ranking official, November 19, 2020.")) == "none"
