"""The overview's charts as SVG and PNG files, drawn by matplotlib (Agg, no display): the growth ranges of
each cluster with the plan's totals, cluster-by-lever and cluster-by-place heat maps with their counts,
the similarity of each pair of clusters as a heat map, and the map of the districts
(:mod:`clusterkg.views.placemap`).

The same numbers give the same bytes: a fixed ``svg.hashsalt``, no date or software in the files'
metadata, DejaVu Sans (shipped with matplotlib) for every text, and text drawn as paths.
"""

from __future__ import annotations

import io
import textwrap

from clusterkg.views.chartdata import ChartData, Growth, Heatmap
from clusterkg.views.overview import jobs, money, value_range

CHARTS = ("growth", "levers", "places", "similarity", "map")  # charts/NAME.svg and charts/NAME.png
FORMATS = ("svg", "png")
PNG_DPI = 150
CHART_FILES = tuple(f"charts/{name}.{fmt}" for name in CHARTS for fmt in FORMATS)  # what chart_files gives
STYLE = {"svg.hashsalt": "clusterkg", "svg.fonttype": "path", "font.family": "DejaVu Sans", "font.size": 10,
         "axes.titlesize": 11, "axes.titleweight": "bold", "axes.edgecolor": "#5b6570", "text.color": "#1b1f24",
         "axes.labelcolor": "#1b1f24", "xtick.color": "#1b1f24", "ytick.color": "#1b1f24"}
METADATA = {"svg": {"Date": None}, "png": {"Software": None}}
LINK_COLOUR, TEXT_COLOUR, EMPTY = "#0072B2", "#8a6d00", "#f3f5f8"


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _files(figure, name: str) -> dict[str, bytes]:
    """The figure as each of :data:`FORMATS`. The layout is worked out once, as the first file is drawn, and
    kept for the others (the same places in both files, and a tenth of the time saved)."""
    out = {}
    for fmt in FORMATS:
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=METADATA[fmt], facecolor="white")
        out[f"charts/{name}.{fmt}"] = buffer.getvalue()
        figure.set_layout_engine("none")
    return out


def _wrapped(labels: list[str], width: int) -> list[str]:
    return ["\n".join(textwrap.wrap(label, width, break_long_words=False)) or label for label in labels]


def _ink(fill) -> str:
    """Black or white, whichever reads better on ``fill`` (an RGBA tuple)."""
    red, green, blue = fill[:3]
    return "#1b1f24" if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else "#ffffff"


def _cells(ax, values, cmap, vmax):
    """A heat map of ``values`` (rows of numbers, NaN for none) as vector cells, cell (i, j) centred on
    (j, i) with the first row at the top; returns the mesh (its ``cmap`` and ``norm`` give each colour)."""
    import numpy as np

    rows, columns = len(values), len(values[0]) if values else 0
    mesh = ax.pcolormesh(np.arange(columns + 1) - 0.5, np.arange(rows + 1) - 0.5,
                         np.ma.masked_invalid(np.array(values, dtype=float)), cmap=cmap, vmin=0, vmax=vmax)
    ax.set_xlim(-0.5, columns - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    return mesh


def _grid(ax, rows: int, columns: int) -> None:
    ax.set_xticks([x - 0.5 for x in range(1, columns)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, rows)], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="both", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _caption(figure, text: str, width_inches: float) -> None:
    """A note under the figure, wrapped to its width."""
    figure.supxlabel("\n".join(textwrap.wrap(text, int(width_inches * 15))), x=0.01, ha="left", fontsize=8.5,
                     color="#5b6570")


def _column_labels(ax, labels: list[str]) -> float:
    """Column labels on top: level and wrapped when few, slanted when many; returns the width of a column
    in inches."""
    if len(labels) <= 10:
        ax.set_xticks(range(len(labels)), _wrapped(labels, 13), fontsize=9)
        width = 1.15
    else:
        ax.set_xticks(range(len(labels)), labels, rotation=50, ha="left", rotation_mode="anchor", fontsize=9)
        width = 0.5
    ax.xaxis.tick_top()
    return width


def _totals(ax, heat: Heatmap) -> None:
    """The totals as a grey row and column beside the cells: links per cluster, clusters per column."""
    from matplotlib.patches import Rectangle

    rows, columns = len(heat.rows), len(heat.columns)
    cells = [(rows, j, total) for j, total in enumerate(heat.column_totals)]
    cells += [(i, columns, total) for i, total in enumerate(heat.row_totals)]
    for i, j, total in cells:
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#e4e8ee", edgecolor="white", linewidth=2))
        ax.text(j, i, str(total), ha="center", va="center", fontsize=9.5, color="#1b1f24")


def tick(count: int) -> str:
    """A heat map cell of a link: a tick, and the number of bullets behind it when more than one."""
    return "\u2713" if count == 1 else f"\u2713 {count}"


def without_empty_columns(heat: Heatmap) -> tuple[Heatmap, list[str]]:
    """``heat`` without the columns no cluster is linked to (a place named only in a bullet's text), and
    the names of those columns."""
    from dataclasses import replace

    kept = [j for j, total in enumerate(heat.column_totals) if total]
    if len(kept) == len(heat.columns):
        return heat, []
    dropped = [c for j, c in enumerate(heat.columns) if j not in kept]
    return replace(heat, columns=[heat.columns[j] for j in kept],
                   counts=[[row[j] for j in kept] for row in heat.counts],
                   text_only=[[row[j] for j in kept] for row in heat.text_only]), dropped


def heatmap_figure(heat: Heatmap, title: str, totals: tuple[str, str], note: str | None):
    """Clusters by levers or places: a filled cell per link with the number of bullets behind it,
    a hatched one for a place named only in the text; links per cluster and clusters per column in grey
    (``totals``: the names of that row and that column)."""
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.patches import Rectangle

    heat, dropped = without_empty_columns(heat)
    rows, columns = len(heat.rows), len(heat.columns)
    top = max((max(r) for r in heat.counts), default=1) or 1
    colours = LinearSegmentedColormap.from_list("links", ["#9ecae1", LINK_COLOUR], N=256).with_extremes(under=EMPTY)
    nan = float("nan")
    values = [[c if c else -1 for c in row] + [nan] for row in heat.counts] + [[nan] * (columns + 1)]
    column_width = 1.15 if columns <= 10 else 0.5
    width = max(7.0, 2.4 + column_width * (columns + 1))
    figure = _figure(width, 2.6 + 0.42 * (rows + 1) + (0.6 if columns > 10 else 0))
    ax = figure.add_subplot()
    mesh = _cells(ax, values, colours, top)
    mesh.set_clim(0.5, max(top, 1))
    for i, row in enumerate(heat.counts):
        for j, count in enumerate(row):
            if count:
                ax.text(j, i, tick(count), ha="center", va="center", fontsize=10, fontweight="bold",
                        color=_ink(mesh.cmap(mesh.norm(count))))
            elif heat.text_only[i][j]:
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///", edgecolor=TEXT_COLOUR,
                                       linewidth=0))
                ax.text(j, i, f"({heat.text_only[i][j]})", ha="center", va="center", fontsize=9, color="#1b1f24",
                        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    _totals(ax, heat)
    ax.set_yticks(range(rows + 1), heat.rows + [totals[0]])
    _column_labels(ax, heat.columns + [totals[1]])
    _grid(ax, rows + 1, columns + 1)
    ax.set_title(title, loc="left", pad=12)
    text = "\u2713: a link, with the number of source bullets behind it where more than one. Grey: how many " \
           "links each cluster has, and how many clusters each column has."
    if dropped:
        text += f" Left out, as no cluster is linked to them: {', '.join(dropped)} (see the table)."
    if any(any(row) for row in heat.text_only):
        text += " Hatched, in brackets: named only in the text of that many bullets; not counted as a link."
    _caption(figure, text + (" " + note if note else ""), width)
    return figure


def _range_axis(ax, labels: list[str], ranges: list[tuple], total: tuple, fmt, title: str, colour: str) -> None:
    low = [float(r[0]) for r in ranges]
    high = [float(r[1]) for r in ranges]
    y = list(range(len(labels)))
    ax.barh(y, [h - lo for lo, h in zip(low, high)], left=low, height=0.5, color=colour, edgecolor=colour,
            linewidth=1.5)  # the edge: a narrow range still shows
    reach = max(high, default=1) or 1
    for i, (lo, h) in enumerate(ranges):
        ax.text(float(h) + reach * 0.02, i, value_range(lo, h, fmt), va="center", fontsize=9)
    ax.set_yticks(y, labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)  # the first cluster at the top
    ax.set_xlim(0, reach * 1.38)
    ax.xaxis.set_major_formatter(lambda value, _: fmt(value) if value else "0")
    ax.tick_params(axis="x", labelsize=8.5)
    ax.grid(axis="x", color="#d9dee4", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"{title}\nall clusters: {value_range(*total, fmt)}", loc="left")


def growth_figure(growth: Growth, note: str | None):
    """Each cluster's further output and jobs as a bar from the low to the high figure, with the totals."""
    figure = _figure(11.0, 1.6 + 0.42 * len(growth.rows) + (0.3 if note else 0))
    output_ax, jobs_ax = figure.subplots(1, 2, sharey=True)
    _range_axis(output_ax, growth.rows, growth.output, growth.output_total, lambda v: money(v),
                "Further output (£)", LINK_COLOUR)
    _range_axis(jobs_ax, growth.rows, growth.jobs, growth.jobs_total, lambda v: jobs(v), "Further jobs", "#009E73")
    _caption(figure, "Each bar runs from the low to the high figure of the cluster's growth opportunity."
             + (" " + note if note else ""), 11.0)
    return figure


def similarity_figure(data: ChartData, note: str | None):
    """How alike each pair of clusters is (the Jaccard index), with how many things the two share."""
    alike = data.alike
    n = len(alike.rows)
    figure = _figure(max(6.0, 2.8 + 0.9 * n), 2.2 + 0.62 * n + (0.3 if note else 0))
    ax = figure.add_subplot()
    values = [[v if v is not None else float("nan") for v in row] for row in alike.jaccard]
    top = max((v for row in alike.jaccard for v in row if v is not None), default=1.0) or 1.0
    from matplotlib import colormaps

    blues = colormaps["Blues"].with_extremes(bad=EMPTY)
    image = _cells(ax, values, blues, top)
    for i in range(n):
        for j in range(n):
            if alike.jaccard[i][j] is not None:
                fill = image.cmap(image.norm(alike.jaccard[i][j]))
                ax.text(j, i, f"{alike.text(i, j)}\n{alike.shared[i][j]} shared", ha="center", va="center",
                        fontsize=8, color=_ink(fill))
    ax.set_yticks(range(n), alike.rows)
    ax.set_xticks(range(n), _wrapped(alike.rows, 12), rotation=45, ha="left", rotation_mode="anchor")
    ax.xaxis.tick_top()
    _grid(ax, n, n)
    figure.colorbar(image, ax=ax, shrink=0.8, label="How alike: share of what either has that both have")
    ax.set_title("How alike the clusters are (levers, places and organisations in common)", loc="left", pad=12)
    _caption(figure, "Each cell: how alike the two clusters are, the share of the levers, places, organisations, "
             "assets, programmes and events either has that both have (the Jaccard index), and how many they "
             "share." + (" " + note if note else ""),
             max(6.0, 2.8 + 0.9 * n))
    return figure


def chart_files(data: ChartData) -> dict[str, bytes]:
    """``charts/NAME.svg`` and ``charts/NAME.png`` for each of :data:`CHARTS`: file name -> bytes."""
    from clusterkg.safetext import clean_logs

    clean_logs()  # matplotlib's own log lines (its font cache, a missing glyph) reach no terminal raw
    import matplotlib

    from clusterkg.views.placemap import map_figure

    note = f"{data.plan}: the first of {data.plans:,} plans." if data.plans > 1 else None
    files: dict[str, bytes] = {}
    with matplotlib.rc_context(STYLE):
        figures = {
            "growth": lambda: growth_figure(data.growth, note),
            "levers": lambda: heatmap_figure(data.levers, "Which cluster uses which lever",
                                             ("Clusters using it", "Levers it uses"), note),
            "places": lambda: heatmap_figure(data.places, "Which cluster sits in which place",
                                             ("Clusters located there", "Places it sits in"), note),
            "similarity": lambda: similarity_figure(data, note),
            "map": lambda: map_figure(dict(zip(data.places.columns, data.places.column_totals)), note),
        }
        for name in CHARTS:
            files.update(_files(figures[name](), name))
    return files
