"""End to end on the repository's own corpus: the citation defects the seed
articles really have must be reported, and nothing else."""

from __future__ import annotations

from .conftest import ROOT

RUSSIA_TURKEY = "corpus/2021-03-22-ten-thousand-turks-second-karabakh-war-russia-vs-turkey.txt"
SAIS = "corpus/2023-sais-europe-journal-nagorno-karabakh-imperial-histories-proxies.txt"
WITHOUT_NOTES = {
    "corpus/2020-10-09-left-voice-confrontation-armenia-azerbaijan.txt",
    "corpus/2020-11-01-crescent-international-internal-external-dynamics-karabakh-war.txt",
    "corpus/2021-04-10-baku-dialogues-struggle-to-permanent-failure-karabakh-secession.txt",
}


def citation_findings(run_json):
    code, data, err = run_json("--select", "CIT", "corpus", cwd=ROOT)
    assert err == ""
    return code, data["findings"]


def test_notes_kept_outside_the_document_are_one_finding(run_json):
    _, findings = citation_findings(run_json)
    sais = [f for f in findings if f["path"] == SAIS]
    outside = [f for f in sais if f["code"] == "CIT012"]
    assert len(outside) == 1
    assert outside[0]["line"] == 89 and "73 note markers citing notes 1–72" in outside[0]["message"]
    assert not [f for f in sais if f["code"] == "CIT001"], "unresolved markers must not be reported one by one"


def test_reused_52_is_reported_with_its_first_use(run_json):
    _, findings = citation_findings(run_json)
    (reused,) = [f for f in findings if f["path"] == SAIS and f["code"] == "CIT004"]
    assert (reused["line"], reused["column"]) == (57, 227)
    assert reused["related"][0]["line"] == 55


def test_malformed_notes_of_the_russia_turkey_article(run_json):
    _, findings = citation_findings(run_json)
    by_note: dict[str, set[str]] = {}
    for finding in findings:
        if finding["path"] == RUSSIA_TURKEY:
            note = finding["message"].split()[finding["message"].split().index("note") + 1]
            by_note.setdefault(note, set()).add(finding["code"])
    assert by_note == {
        "3": {"CIT009"},  # Foreign Affairs, October 26,  (no year)
        "5": {"CIT008"},  # bare URL tail
        "8": {"CIT009"},  # (New York: Palgrave,
        "12": {"CIT008"},  # %-escaped fragment broken by a space
        "13": {"CIT010"},  # ends with a comma after the date
        "14": {"CIT011", "CIT008"},  # "14, “Secret Talks…”": no author; news/190193
        "15": {"CIT008"},  # https://eur
        "16": {"CIT008"},  # madrid-principles/
        "17": {"CIT008"},  # https://www.
        "19": {"CIT008"},  # https://www.
        "20": {"CIT008"},  # http://asbarez. com/...
        "21": {"CIT010"},  # July / 14, 2020,
        "28": {"CIT009"},  # (Abingdon: Routledge,
        "29": {"CIT008"},  # https://www.gfsis. org/...
        "31": {"CIT009"},  # (Ankara: ... Yayınları,
        "38": {"CIT008"},  # empire-armenian-pm-says
        "39": {"CIT008"},  # iran-nk
        "40": {"CIT010"},  # October 13, 2020,
        "41": {"CIT008"},  # ment-nagorno-karabakh/
        "43": {"CIT008"},  # conflict/reducing-human-cost-...
    }


def test_all_43_markers_and_notes_of_the_russia_turkey_article_resolve(run_json):
    _, findings = citation_findings(run_json)
    structural = {"CIT001", "CIT002", "CIT003", "CIT004", "CIT005", "CIT006", "CIT007", "CIT012"}
    assert not [f for f in findings if f["path"] == RUSSIA_TURKEY and f["code"] in structural]


def test_articles_without_notes_have_no_citation_findings(run_json):
    _, findings = citation_findings(run_json)
    assert not [f for f in findings if f["path"] in WITHOUT_NOTES]


def test_broken_url_finding_carries_its_fix(run_json):
    _, findings = citation_findings(run_json)
    fixes = [f["fix"] for f in findings if f["fix"]]
    assert {"replacement": "http://asbarez.com/178701/new-territories-in-the-event-of-new-war-says-defense-minister/"}.items() <= fixes[0].items() or any(
        fix["replacement"] == "https://www.gfsis.org/publications/view/2684" for fix in fixes
    )
    assert len(fixes) == 2
