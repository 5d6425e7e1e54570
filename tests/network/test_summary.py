"""The summary `clusterkg build` prints: counts, what clusters share most, quality notes; short at any size
and safe for a terminal."""

from __future__ import annotations

import pytest

from clusterkg.network import measures as network
from clusterkg.network.measures import Shared
from clusterkg.network.summary import Summary, format_summary, summarize
from tests.facts import (
    LC_LABEL,
    LEVER_REACH,
    PAGE_ORDER,
    QUALITY_NOTES,
    SHARED_ENTITIES,
    SHARED_PLACES,
    STATEMENTS,
)

ESCAPES = "\x1b[2J\x1b]0;owned\x07\x1b[31mred\x1b[0m\x9b1mbold\x07\r\n\t\u202eevil"


@pytest.fixture(scope="module")
def summary(store):
    return summarize(store)


def test_counts_by_class(summary, graph):
    from rdflib import URIRef
    from rdflib.namespace import RDF

    counts = summary.counts
    assert (counts["Cluster"], counts["GrowthOpportunity"]) == (len(PAGE_ORDER), len(PAGE_ORDER))
    assert counts["Place"] == 21 and counts["Lever"] == len(LEVER_REACH) and counts["Benchmark"] == 3
    assert counts["Statement"] == sum(STATEMENTS.values()) == 157
    for kind, cls in network.KINDS.items():  # counted again, by rdflib
        assert counts[cls.rsplit("#", 1)[1]] == len(set(graph.subjects(RDF.type, URIRef(cls)))), kind
    assert summary.triples == len(graph)


def test_what_clusters_share(summary):
    assert {s.id: len(s.clusters) for s in summary.levers} == {f"lever/{k}": n for k, n in LEVER_REACH.items()}
    assert {s.id: len(s.clusters) for s in summary.places} == {f"place/{k}": n for k, n in SHARED_PLACES.items()}
    assert {s.id: {c.removeprefix("cluster/") for c in s.clusters} for s in summary.entities} == {
        e: set(users) for e, users in SHARED_ENTITIES.items()}
    assert [s.label for s in summary.levers[:2]] == ["Develop future skills pathway", LC_LABEL]  # 7 and 6 clusters


def test_shared_given_is_shared_computed(store, summary):
    shared = network.shared_resources(network.bipartite_network(network.typed_network(store)))
    assert summarize(store, shared) == summary


def test_quality_notes(summary):
    assert len(summary.quality_notes) == len(QUALITY_NOTES)
    assert any("Manufacturing of future housing" in label and "reverse order" in note
               for label, note in summary.quality_notes)
    assert list(summary.quality_notes) == sorted(summary.quality_notes)


def _block(lines: list[str], heading: str) -> list[str]:
    """The lines under ``heading``, up to the next heading."""
    at = lines.index(heading) + 1
    end = next((i for i in range(at, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return lines[at:end]


@pytest.mark.parametrize("heading,total", [
    ("Most shared levers:", len(LEVER_REACH)), ("Most shared places:", len(SHARED_PLACES)),
    ("Most shared organisations, assets, programmes and events:", len(SHARED_ENTITIES)),
    (f"Quality notes ({len(QUALITY_NOTES)}):", len(QUALITY_NOTES)),
], ids=["levers", "places", "entities", "quality-notes"])
def test_format_shows_the_first_five_of_each_list(summary, heading, total):
    lines = format_summary(summary).splitlines()
    assert lines[0].startswith(f"{summary.triples} triples; 8 Cluster, 21 Place, ")
    block = _block(lines, heading)
    assert len(block) == min(total, 5) + (total > 5)
    if total > 5:
        assert block[-1] == f"  and {total - 5} more"
    if heading == "Most shared levers:":
        assert block[0] == "  7 clusters  Develop future skills pathway"


def _shared(i: int, group: str) -> Shared:
    return Shared(f"{group}/{i}", f"{group} {i}", f"https://example.org/{i}", group, group, f"plan/{i % 7}",
                  ("cluster/a", "cluster/b"))


def test_format_stays_short_at_any_size():
    big = Summary(triples=10**7, counts={"Cluster": 10**5}, levers=tuple(_shared(i, "lever") for i in range(5000)),
                  places=tuple(_shared(i, "place") for i in range(20000)),
                  entities=tuple(_shared(i, "entity") for i in range(3)),
                  quality_notes=tuple((f"thing {i}", "a note") for i in range(40000)))
    lines = format_summary(big).splitlines()
    assert len(lines) == 1 + (1 + 5 + 1) + (1 + 5 + 1) + (1 + 3) + (1 + 5 + 1)
    assert "  and 4,995 more" in lines and "  and 19,995 more" in lines and "  and 39,995 more" in lines
    assert "  2 clusters  lever 0  (plan/0)" in lines  # several plans: each row names its plan


def test_format_strips_escape_sequences_and_control_characters():
    shared = Shared("lever/x", f"Lever{ESCAPES}", "https://example.org/x", "lever", "lever", "plan/p",
                    ("cluster/a", "cluster/b"))
    text = format_summary(Summary(1, {"Cluster": 2}, (shared,), (), (), ((f"Thing{ESCAPES}", f"Note{ESCAPES}"),)))
    assert not any(ord(ch) < 0x20 and ch != "\n" or 0x7f <= ord(ch) <= 0x9f or ch == "\u202e" for ch in text)
    lines = text.splitlines()
    assert "  2 clusters  Leverredbold evil  (plan/p)" not in lines  # one plan: no plan named
    assert "  2 clusters  Leverredbold evil" in lines  # the line break and tab became one space
    assert "  Thingredbold evil: Noteredbold evil" in lines
    assert "owned" not in text  # a window title (OSC) goes with its sequence


def test_cli_build_prints_no_escape_sequence_from_the_data(cli, data_copy, tmp_path):
    entities = data_copy / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    entities.write_text(text.replace("entities:\n", "entities:\n" + ESCAPING_ENTITY, 1), encoding="utf-8")
    result = cli("build", "--data", data_copy, "--out", tmp_path / "out", "--no-views", "--no-check")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "owned" not in result.stdout
    assert f"Quality notes ({len(QUALITY_NOTES) + 1}):" in result.stdout
    assert "  !Escaped: A note in red" in result.stdout.splitlines()  # the first note, by its label


# An organisation the page never names, whose quality note clears the screen, sets the window title and
# turns the text red (YAML escapes), and whose label sorts before every other.
ESCAPING_ENTITY = ('  - {slug: escaping, type: organisation, label: "!Escaped", aliases: [Zzqx Escaped], '
                   'quality_note: "\\e[2J\\e]0;owned\\aA note \\e[31min red\\e[0m"}\n')
