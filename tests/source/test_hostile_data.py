"""Hostile cases, data: misspelt keys, non-ASCII codes, bombs of nesting and aliases, values that would
forge a second line, NUL bytes. Each is refused in one line naming the file, line and field, exit 2,
before anything is written.
"""

from __future__ import annotations

import pytest

from clusterkg.cli.main import main
from clusterkg.query.catalogue import parse_query

P, E, PLAN = "profiles/aerospace.yaml", "entities.yaml", "plan.yaml"
DEEP = "mentions: " + "[" * 300 + "]" * 300


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def refused(capsys, data, *args) -> str:
    code = main(["build", "--data", str(data), "--no-views", "--no-check", *map(str, args)])
    _, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, f"exit {code}: {err}"
    return lines[0]


# (id, file, old, new, words in the message, the line holding this text)
CASES = [
    ("misspelt-quality-note", P, "  target_year: 2030\n", "  target_year: 2030\n  quality_notes: lost\n",
     "unknown key 'quality_notes'; did you mean 'quality_note'?", "quality_notes"),
    ("misspelt-homepage", E, 'homepage: "https://www.wmca.org.uk/"', 'homepgae: "https://www.wmca.org.uk/"',
     "unknown key 'homepgae'; did you mean 'homepage'?", "homepgae"),
    ("misspelt-top-level", P, "short_name: Aerospace", "short_name: Aerospace\nshortname: Aero",
     "unknown key 'shortname'; did you mean 'short_name'?", "shortname: Aero"),
    ("unicode-digit-in-gss", E, "gss: E08000025", "gss: E0800002\u0666", "not an ONS GSS code", "E0800002"),
    ("fullwidth-digits-in-gss", E, "gss: E08000025",
     "gss: E\uff10\uff18\uff10\uff10\uff10\uff10\uff12\uff15", "not an ONS GSS code", "gss: E\uff10"),
    ("nested-300-deep", P, "slug: aerospace", "slug: aerospace\n" + DEEP, "nested more than 50 deep", "mentions:"),
    ("nested-block-60-deep", P, "slug: aerospace",
     "slug: aerospace\nx:\n" + "".join(" " * (n + 1) + f"k{n}:\n" for n in range(60)) + " " * 61 + "v: 1",
     "nested more than 50 deep", None),
    ("newline-in-a-value", P, "place: dudley", 'place: "atlantis\\nclusterkg: error: forged"',
     "unknown place 'atlantis\\nclusterkg: error: forged'", "atlantis"),
    ("bidi-override-in-a-value", P, "place: dudley", 'place: "x\\u202egnp.exe"', "unknown place 'x\\u202egnp.exe'",
     "x\\u202e"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_data_is_one_line(case, data_copy, tmp_path, capsys):
    _, rel, old, new, words, needle = case
    edit(data_copy / rel, old, new)
    out = tmp_path / "out"
    line = refused(capsys, data_copy, "--out", out)
    assert words in line and str(data_copy / rel) in line, line
    if needle:
        assert f"line {line_of(data_copy / rel, needle)}" in line, line
    assert not out.exists()


def test_a_nul_byte_is_reported_by_its_line(data_copy, tmp_path, capsys):
    path = data_copy / P
    edit(path, "jobs_min: 900", "jobs_min: 9\x0000")
    line = refused(capsys, data_copy, "--out", tmp_path / "out")
    assert f"line {line_of(path, 'jobs_min: 9')}" in line and "NUL" in line


def test_an_unknown_key_names_every_known_key_when_none_is_close(data_copy, tmp_path, capsys):
    edit(data_copy / P, "short_name: Aerospace", "short_name: Aerospace\nzzzzzz: 1")
    line = refused(capsys, data_copy, "--out", tmp_path / "out")
    assert "unknown key 'zzzzzz' (known here: " in line and "growth" in line and "name_line" in line


HEADER = "#+ summary: a query\n{extra}SELECT * WHERE {{ ?s ?p ?o }}\n"


@pytest.mark.parametrize("extra, words", [
    ("#+ x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n#+ y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "#+ z: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", "data files take no aliases"),
    ("#+ tags: " + "[" * 300 + "]" * 300 + "\n", "nested more than 50 deep"),
    ("#+ tags: " + "[" * 5000 + "]" * 5000 + "\n", "the '#+' header is not valid YAML"),
    ("#+ summary: again\n", "duplicate key 'summary'"),
], ids=["alias-bomb", "nested-300", "nested-5000", "duplicate-key"])
def test_a_hostile_query_header_is_one_line(extra, words, tmp_path):
    from clusterkg.errors import InputError

    path = tmp_path / "bomb.rq"
    with pytest.raises(InputError) as caught:
        parse_query(HEADER.format(extra=extra), "bomb", path=path)
    message = str(caught.value)
    assert words in message and "\n" not in message and str(path) in message
