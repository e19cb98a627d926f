"""The document reader: encodings, line endings, positions, discovery, bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpuslint.documents import MissingPath, ReadProblem, discover, forget_resolved, read_document, resolved


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_utf8_with_bom_is_read_and_bom_not_counted(tmp_path):
    doc = read_document(write(tmp_path / "a.txt", b"\xef\xbb\xbfHello [1]\n"))
    assert doc.has_bom
    assert doc.text == "Hello [1]\n"
    assert doc.position(doc.text.index("[1]")) == (1, 7)


def test_crlf_is_normalised_and_remembered(tmp_path):
    doc = read_document(write(tmp_path / "a.txt", b"one\r\ntwo [1]\r\n"))
    assert doc.text == "one\ntwo [1]\n"
    assert doc.newline == "\r\n"
    assert doc.position(doc.text.index("[1]")) == (2, 5)


def test_columns_count_characters_not_bytes(tmp_path):
    doc = read_document(write(tmp_path / "a.txt", "Erdoğan said “no” [3]\n".encode("utf-8")))
    line, column = doc.position(doc.text.index("[3]"))
    assert (line, column) == (1, 19)


def test_empty_file_is_a_document_with_one_line(tmp_path):
    doc = read_document(write(tmp_path / "empty.txt", b""))
    assert doc.text == "" and doc.line_count == 1


def test_undecodable_bytes_name_file_line_and_column(tmp_path):
    path = write(tmp_path / "bad.txt", b"line one\nline tw\xc3\xb6 \xff end\n")
    with pytest.raises(ReadProblem) as caught:
        read_document(path, shown="bad.txt")
    problem = caught.value
    assert (problem.path, problem.line, problem.column, problem.kind) == ("bad.txt", 2, 10, "decode")
    assert "0xff" in problem.message and "\n" not in str(problem)


def test_binary_file_is_recognised(tmp_path):
    with pytest.raises(ReadProblem) as caught:
        read_document(write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert caught.value.kind == "binary"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_file(tmp_path):  # pragma: no cover - CI runs as root
    path = write(tmp_path / "secret.txt", b"text")
    path.chmod(0)
    with pytest.raises(ReadProblem) as caught:
        read_document(path)
    assert caught.value.kind == "io"


def test_directory_read_error_is_reported(tmp_path):
    with pytest.raises(ReadProblem) as caught:
        read_document(tmp_path, shown="dir")
    assert caught.value.kind == "io" and caught.value.path == "dir"


def test_discovery_skips_hidden_and_other_suffixes_and_sorts(tmp_path):
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "notes.rst").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("c")
    found, explicit = discover([str(tmp_path)])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.txt", "b.md", "sub/c.txt"]
    assert explicit == []


@pytest.mark.parametrize("walked", [".", "corpus", "./corpus/", "ABSOLUTE"])
def test_walked_paths_are_the_paths_slash_would_make(tmp_path, monkeypatch, walked):
    # The walk builds children without parsing them (documents._child): the paths must be
    # the very ones `/` gives, in every form a user passes a directory.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "a.txt").write_text("a")
    (tmp_path / "corpus" / "sub" / "b.md").write_text("b")
    walked = str(tmp_path / "corpus") if walked == "ABSOLUTE" else walked
    forget_resolved()  # as a run starts: another test's tmp_path had these relative names
    found, _ = discover([walked])
    expected = [Path(walked) / name for name in (["corpus/a.txt", "corpus/sub/b.md"] if walked == "." else ["a.txt", "sub/b.md"])]
    assert [str(path) for path in found] == [str(path) for path in expected]
    assert found == expected and [path.parts for path in found] == [path.parts for path in expected]
    assert [resolved(path) for path in found] == [path.resolve() for path in expected]


def test_explicit_file_is_taken_whatever_its_suffix_and_only_once(tmp_path):
    path = tmp_path / "notes.rst"
    path.write_text("x")
    found, explicit = discover([str(path), str(path)])
    assert found == [path] and explicit == [path]


def test_missing_path_raises(tmp_path):
    with pytest.raises(MissingPath):
        discover([str(tmp_path / "nope")])


def test_markdown_kind_by_suffix(tmp_path):
    assert read_document(write(tmp_path / "a.md", b"# t\n")).is_markdown
    assert not read_document(write(tmp_path / "a.txt", b"# t\n")).is_markdown


def test_a_run_follows_a_symbolic_link_as_it_now_points(tmp_path, monkeypatch):
    # Resolved paths are memoised within a run (a run resolves each path several times);
    # the next run in the same process must not keep the old target.
    from corpuslint.engine import run

    monkeypatch.chdir(tmp_path)
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "article.txt").write_text("A claim.[1]\n", encoding="utf-8")
    link = tmp_path / "current"
    link.symlink_to("first", target_is_directory=True)
    assert [f.path for f in run(["current/article.txt"]).facts] == ["first/article.txt"]
    link.unlink()
    link.symlink_to("second", target_is_directory=True)
    assert [f.path for f in run(["current/article.txt"]).facts] == ["second/article.txt"]


def test_discovery_follows_file_links_once_and_never_directory_links(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    (tmp_path / "a" / "1.txt").write_text("one")
    (tmp_path / "a" / "b" / "2.md").write_text("two")
    (tmp_path / "c" / "3.TXT").write_text("three")
    (tmp_path / "a" / "0-link.txt").symlink_to("../c/3.TXT")  # walked before its target: kept, the target not
    (tmp_path / "c" / "link.txt").symlink_to("../a/1.txt")  # walked after its target: left out
    (tmp_path / "a" / "b" / "loop").symlink_to("..", target_is_directory=True)  # never followed
    (tmp_path / "c" / "broken.txt").symlink_to("nowhere.txt")
    os.mkfifo(tmp_path / "c" / "pipe.txt")
    found, _ = discover([str(tmp_path)])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/0-link.txt", "a/1.txt", "a/b/2.md"]
    from corpuslint.documents import resolved

    assert [resolved(p) for p in found] == [p.resolve() for p in found]
    assert resolved(found[0]) == (tmp_path / "c" / "3.TXT").resolve()


@pytest.mark.parametrize("written", ["corpus/a.md", ".", "/tmp", "/", "../x/corpus", "corpus/../README.md", "tests"])
@pytest.mark.parametrize("cwd", ["repo", "/"])
def test_a_path_is_shown_relative_to_the_working_directory_as_relative_to_says(tmp_path, monkeypatch, written, cwd):
    from corpuslint.documents import display_path, forget_resolved, resolved

    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo" if cwd == "repo" else "/")
    forget_resolved()
    path = Path(written)
    try:
        expected = resolved(path).relative_to(Path(os.getcwd()).resolve()).as_posix()
    except ValueError:
        expected = path.as_posix()
    assert display_path(path) == expected
