"""The build recipe, for the library and ``clusterkg build`` alike: check the profiles against the source
page, build the graph, write ``graph.ttl`` and the views into a folder whole or not at all.

    import clusterkg
    done = clusterkg.build("build/")          # a Built: the graph, the files written, the summary
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clusterkg.errors import ClusterKGError
from clusterkg.kg import KnowledgeGraph
from clusterkg.outputs import check_target, refuse_foreign, staged_folder

TYPE_CHECKING = False  # read by type checkers only
if TYPE_CHECKING:
    from clusterkg.network.summary import Summary


@dataclass(frozen=True)
class Built:
    """What a build made: the graph, the files written under ``out`` and the graph's summary."""

    kg: KnowledgeGraph
    out: Path
    written: tuple[Path, ...]
    summary: Summary


def build(out="build", data=None, *, check: bool = True, views: bool = True) -> Built:
    """Build the graph from ``data`` (a data folder; default: the embedded data) into the folder ``out``:
    ``graph.ttl`` and, with ``views``, the HTML views and charts. With ``check``, data that differs from the
    source page fails before anything is written. The files are made in a staging folder beside ``out``,
    which replaces it in one step (with a ``SHA256SUMS``): a failed build leaves the previous one as it was."""
    from clusterkg.source.profiles import load_profiles

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ClusterKGError(f"{out} is a file: --out names a folder")
    profiles = load_profiles(data)
    if check:
        check_against_page(profiles)
    refuse_foreign(check_target(out), "build")  # before the graph is built; checked again before the swap
    kg = KnowledgeGraph.from_data(profiles=profiles, keep_profiles=False)
    del profiles  # the graph holds everything from here on
    with staged_folder(out, made_by="build") as staging:
        made = [kg.export(staging / "graph.ttl")]
        if views:
            made += kg.write_views(staging)
    written = tuple(out / path.relative_to(staging) for path in made)
    return Built(kg=kg, out=out, written=written, summary=kg.summary())


def check_against_page(profiles) -> None:
    """Refuse data that differs from the source page: one line saying so, then one line per problem."""
    from clusterkg.source.source_check import check_source

    problems = check_source(profiles).problems
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        raise ClusterKGError(f"the data does not match the source page ({count}; --no-check builds anyway):\n"
                             + "\n".join(f"  {p}" for p in problems))
