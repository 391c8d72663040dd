"""Charts: the 3A090 plane and decision summaries, as matplotlib figures.

Importing this module changes no matplotlib state: it chooses no backend and does not touch
pyplot. Each chart builds a :class:`matplotlib.figure.Figure` (a notebook shows it as a cell's
value; save it with ``fig.savefig("x.png")``), or draws into the axes given as ``ax=`` and
returns that axes' figure.

Nothing here knows a threshold: the regions are found by classifying a grid of
(TPP, performance density) points through the engine, the boundary values by bisecting between
grid cells that differ, and what an unknown region lacks by asking the engine. Every chart's
footer names its date, scenario and pack fingerprint; a chart of an edited RuleSet (a what-if)
is titled as such and lists the edits.
"""
from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, List, Optional, Sequence, Tuple

from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import _plot_labels, _plot_plane, _plot_rules
from ._plot_plane import NONE as _NONE
from ._plot_plane import UNKNOWN as _UNKNOWN
from ._text import as_of_text

if TYPE_CHECKING:
    import pandas
    from matplotlib.axes import Axes

    from ._engine import Engine

_FOOT = 6.5  # footer font size, points
_BASE = ["#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
         "#1f77b4"]
_DECISIONS = ["no_license_required", "license_exception", "license_required", "hold"]
_PALETTE = {"no_license_required": "#2ca02c", "license_exception": "#bcbd22",
            "license_required": "#ff7f0e", "hold": "#d62728"}


def _footer(what: str, fingerprints: Sequence[str], scenarios: Sequence[str],
            edits: Sequence[str]) -> List[str]:
    fp = ", ".join(f[:12] for f in fingerprints) or "not known (pass engine= or decisions)"
    lines = [f"{what} · scenario: {', '.join(scenarios) or 'none'} · packs {fp}"]
    if edits:
        lines.append(f"WHAT-IF: {len(edits)} edit(s) to the published packs:")
        lines += [f"  {e}" for e in edits]
    return lines


def _axes_list(ax: Any, n: int, what: str) -> List["Axes"]:
    from matplotlib.axes import Axes

    axes = [ax] if isinstance(ax, Axes) else list(ax)
    if len(axes) != n or not all(isinstance(a, Axes) for a in axes):
        raise TypeError(f"ax: {what}")
    return axes


def _new_figure(n: int, footer_lines: int, width: float = 14, height: float = 6.5,
                **kw: Any) -> Tuple[Figure, List["Axes"]]:
    foot_in = footer_lines * _FOOT * 1.3 / 72
    fig = Figure(figsize=(width, height + foot_in))
    axes = fig.subplots(1, n, squeeze=False, **kw)[0]
    fig.subplots_adjust(left=0.06, right=0.96, top=1 - 1.25 / (height + foot_in),
                        bottom=(0.7 + foot_in) / (height + foot_in), wspace=0.16)
    return fig, list(axes)


def _put_footer(fig: Figure, own: bool, ax: "Axes", lines: Sequence[str],
                right: Sequence[str] = ()) -> None:
    kw = dict(fontsize=_FOOT, va="bottom" if own else "top", ha="left", color="#333333")
    if own:
        fig.text(0.01, 0.01, "\n".join(lines), **kw)
        if right:
            fig.text(0.5, 0.01, "\n".join(right), **kw)
    else:  # under the caller's axes, past the tick labels
        ax.annotate("\n".join(list(lines) + list(right)), (0, 0), xycoords="axes fraction",
                    xytext=(0, -30), textcoords="offset points", annotation_clip=False, **kw)


def _runs(values: List[float], step: float) -> List[Tuple[float, float]]:
    """Contiguous runs of grid rows (or columns) as (low, high) spans."""
    out: List[Tuple[float, float]] = []
    for v in sorted(values):
        if out and v - out[-1][1] <= step * 1.5:
            out[-1] = (out[-1][0], v)
        else:
            out.append((v, v))
    return [(a - step / 2, b + step / 2) for a, b in out]


def _edges(ax: "Axes", plane: "_plot_plane.Plane") -> Tuple[List[float], List[float]]:
    """Dotted lines along the region boundaries, their values on a top and a right axis."""
    tpp_edges, dens_edges = plane.edges()
    dy, dx = plane.ys[1] - plane.ys[0], plane.xs[1] - plane.xs[0]
    for t, rows in tpp_edges.items():
        for lo, hi in _runs(rows, dy):
            ax.vlines(t, lo, hi, colors="black", linestyles=":", linewidth=0.8, zorder=2)
    for d, cols in dens_edges.items():
        for lo, hi in _runs(cols, dx):
            ax.hlines(d, lo, hi, colors="black", linestyles=":", linewidth=0.8, zorder=2)
    top = ax.secondary_xaxis("top")
    top.set_xticks(sorted(tpp_edges), [f"{v:,.6g}" for v in sorted(tpp_edges)], fontsize=7,
                   rotation=90)
    top.set_xlabel("TPP at region boundaries", fontsize=7)
    side = ax.secondary_yaxis("right")
    side.set_yticks(sorted(dens_edges), [f"{v:,.6g}" for v in sorted(dens_edges)], fontsize=7)
    return sorted(tpp_edges), sorted(dens_edges)


def thresholds(as_of: Any = None, products: Optional[Sequence[str]] = None,
               engine: Optional["Engine"] = None, resolution: int = 160,
               ax: Any = None, datacenter: Optional[bool] = None) -> Figure:
    """The TPP × performance-density plane on `as_of` (default today): the 3A090 paragraphs in
    force, shaded, for datacenter and non-datacenter ICs, with the catalog chips (or
    `products`) placed as labelled points. Save with ``fig.savefig("plane.png")`` (or .svg).
    `engine` is None for the default packs.

    Panels: both (datacenter, then non-datacenter) unless `datacenter` is True or False.
    ``ax`` is one Axes (then give `datacenter`) or a pair of Axes for the two panels.

    Every chip asked for is placed or listed as omitted with the reason (a figure the engine
    could not compute, or the panel not drawn): on the figure's footer and as
    ``fig.exportctl_omitted`` [(id, reason)] (``fig.exportctl_placed`` the ids placed).
    Region boundaries are dotted and their values shown on the top and right axes; a "needs
    more facts" region is labelled with the facts the engine asks for there.
    """
    from ._engine import Engine

    if not isinstance(resolution, int) or resolution < 8:
        raise ValueError("resolution must be an integer of at least 8")
    if datacenter is not None and not isinstance(datacenter, bool):
        raise TypeError("datacenter must be True, False or None")
    if ax is not None and datacenter is None:
        axes_in = _axes_list(ax, 2, "one Axes needs datacenter=True or False; else give two")
    elif ax is not None:
        axes_in = _axes_list(ax, 1, "with datacenter= given, ax is one Axes")
    engine = engine or Engine()
    day = as_of_text(as_of) or _dt.date.today().isoformat()
    panels = [True, False] if datacenter is None else [datacenter]
    chips, omitted = _plot_plane.chips(engine, day, products)
    placed: List[str] = []
    for pid, _t, _d, flag, _c in chips:
        if flag is None or flag in panels:
            placed.append(pid)
        else:
            omitted.append((pid, f"{'' if flag else 'not '}a datacenter IC: on the "
                                 f"{'' if flag else 'non-'}datacenter panel, not drawn"))
    # The plane spans the placed chips (a small default when none is placed); regions beyond
    # show as far as that reaches.
    x_max = max([c[1] for c in chips] + [1000.0]) * 1.15
    y_max = max([c[2] for c in chips] + [1.0]) * 1.15
    xs = [x_max * (i + 0.5) / resolution for i in range(resolution)]
    ys = [y_max * (j + 0.5) / resolution for j in range(resolution)]
    planes = [_plot_plane.Plane(engine, day, dc, xs, ys) for dc in panels]

    # One colour per region name across the panels; unknown regions say what they lack.
    missing = [p.missing() for p in planes]
    facts = sorted({f for m in missing for f in m[0]})
    unknown_label = _UNKNOWN + (f": {', '.join(facts)}" if facts else "")
    labels = sorted({n for p in planes for row in p.names for n in row},
                    key=lambda s: (s in (_NONE, _UNKNOWN), s == _UNKNOWN, s))
    colors = []
    for n in labels:
        colors.append("#f2f2f2" if n == _NONE else "#c7c7c7" if n == _UNKNOWN
                      else _BASE[len(colors) % len(_BASE)])
    index = {n: i for i, n in enumerate(labels)}
    cmap = ListedColormap(colors)

    what_if = bool(engine.edits)
    title = (f"WHAT-IF (edited packs, not as published): 3A090 regions on {day}" if what_if
             else f"ECCN 3A090 regions in force on {day} (from the rule packs)")
    foot = _footer(day, [engine.fingerprint], engine.scenarios, engine.edits)
    right = ([f"not placed ({len(omitted)} of {len(placed) + len(omitted)}):"]
             + [f"  {pid}: {why}" for pid, why in omitted]) if omitted else []
    own = ax is None
    if own:
        fig, axes = _new_figure(len(panels), max(len(foot), len(right)), sharey=True)
    else:
        axes = axes_in
        fig = axes[0].get_figure()
    for a, plane, dc, (mfacts, mrules) in zip(axes, planes, panels, missing):
        z = [[index[n] for n in row] for row in plane.names]
        a.pcolormesh(xs, ys, z, cmap=cmap, vmin=-0.5, vmax=len(labels) - 0.5, shading="nearest")
        a.set_xlim(0, x_max)
        a.set_ylim(0, y_max)
        _edges(a, plane)
        spot = plane.centroid(_UNKNOWN)
        if spot and mfacts:
            a.text(*spot, f"needs {', '.join(mfacts)}\n(rule {', '.join(mrules)};\n"
                   "no axis of this plane)", ha="center", va="center", fontsize=7,
                   style="italic", bbox=dict(facecolor="white", alpha=0.7, lw=0), zorder=2)
        # A chip whose own class differs from the region under it (it has a fact the plane
        # has no axis for, such as an I/O rate) says so in its label.
        mine = [(pid, t, d, c) for pid, t, d, flag, c in chips if flag is None or flag == dc]
        under = _plot_plane.classify_names(engine, [m[1] for m in mine], [m[2] for m in mine],
                                           dc, day) if mine else []
        _plot_labels.place(a, [(t, d, pid if c == u else f"{pid}: {c}")
                               for (pid, t, d, c), u in zip(mine, under)])
        a.set_xlabel("TPP (total processing performance)")
        panel = "datacenter ICs" if dc else "non-datacenter ICs"
        a.set_title(panel if own else f"{'WHAT-IF: ' if what_if else ''}3A090, {panel}, {day}",
                    fontsize=10)
    axes[0].set_ylabel("performance density (TPP / mm²)")
    handles = [Patch(color=c, label=unknown_label if n == _UNKNOWN else n)
               for c, n in zip(colors, labels)]
    handles.append(Line2D([], [], marker="o", ls="", color="black", ms=3,
                          label="catalog chip (\"id: class\" where its class, from all its "
                                "facts, differs from the region)"))
    axes[-1].legend(handles=handles, loc="best", fontsize=7, framealpha=0.9)
    if own:
        fig.suptitle(title, color="#b00000" if what_if else "black")
    _put_footer(fig, own, axes[-1], foot, right)
    fig.exportctl_omitted = omitted
    fig.exportctl_placed = placed
    fig.exportctl_footer = "\n".join(foot + right)
    return fig


def _prepare(frame: "pandas.DataFrame") -> "pandas.DataFrame":
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    if "decision" not in frame.columns:
        raise ValueError("frame has no `decision` column (use Engine.check_frame or "
                         "exportctl.decisions_frame)")
    df = frame.drop_duplicates("shipment") if "shipment" in frame.columns else frame
    if "shipment_decision" in df.columns:
        # check_frame's `decision` is the line's item's; a shipment is counted by its own.
        df = df.assign(decision=df["shipment_decision"])
    return df[df["decision"].notna()]


def _dates(df: "pandas.DataFrame") -> str:
    for col in ("as_of", "date"):
        if col in df.columns and df[col].notna().any():
            vals = sorted(str(v)[:10] for v in df[col].dropna().unique())
            return vals[0] if vals[0] == vals[-1] else f"{vals[0]} to {vals[-1]}"
    return "dates not in the frame"


def decisions_by_destination(frame: "pandas.DataFrame",
                             destination: str = "end_user_country",
                             ax: Optional["Axes"] = None) -> Figure:
    """Decisions by destination, stacked counts of shipments (each counted once)."""
    import pandas as pd

    df = _prepare(frame)
    if destination not in df.columns:
        raise ValueError(f"destination: the frame has no column `{destination}`")
    counts = pd.crosstab(df[destination], df["decision"]).reindex(columns=_DECISIONS,
                                                                 fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index]
    if ax is None:
        fig, (ax,) = _new_figure(1, 0, width=8)
    fig = ax.get_figure()
    bottom = None
    for dec in _DECISIONS:
        vals = counts[dec].values
        ax.bar(counts.index.astype(str), vals, bottom=bottom, label=dec, color=_PALETTE[dec])
        bottom = vals if bottom is None else bottom + vals
    ax.set_title(f"decisions by destination ({len(df)} shipments)")
    ax.set_ylabel("shipments")
    ax.tick_params(axis="x", labelrotation=90)
    ax.legend(fontsize=8)
    return fig


def rules_fired(frame: Optional["pandas.DataFrame"] = None, findings: Any = None,
                top_rules: int = 15, ax: Any = None,
                engine: Optional["Engine"] = None) -> Figure:
    """The rules fired most often, in two panels (``ax``: a pair of Axes): rules that set the
    outcome, and classification findings.

    The criterion (exportctl/_plot_rules.py): a finding of kind ``classification`` says what an
    item is and never decides a shipment (right panel); any other finding, except kind
    ``information`` (which only informs), whose ``effect`` equals the shipment's decision set
    the outcome (left panel, dark); the rest (``information``, requirements overtaken by a hold
    or an exception) fired without setting it (left panel, light).
    `findings` gives the findings: the Decisions themselves, or a findings table (columns
    shipment, kind, rule, effect, and decision unless `frame` has it). Without `findings`, only
    `frame`'s ``rules`` column is known: classification rules are told apart by the pack
    section they are in (the engine's packs, else the default packs), the others are shown as
    cited, since the frame does not say which set the outcome. Counts are shipments.
    """
    if not isinstance(top_rules, int) or top_rules < 1:
        raise ValueError("top_rules must be a positive integer")
    if findings is not None:
        counts = _plot_rules.counts_from_findings(findings, frame)
    elif frame is not None:
        df = _prepare(frame)
        if "rules" not in df.columns:
            raise ValueError("frame has no `rules` column; pass findings=")
        counts = _plot_rules.counts_from_rules(df, engine)
    else:
        raise ValueError("give frame or findings")
    if ax is None:
        fig, axes = _new_figure(2, 0)
    else:
        axes = _axes_list(ax, 2, "a pair of Axes: outcome rules, classification findings")
        fig = axes[0].get_figure()
    left, right = axes
    set_, other = (counts.get(_plot_rules.OUTCOME, {}), counts.get(_plot_rules.NOT_OUTCOME, {}))
    if findings is None:
        set_, other = counts.get(_plot_rules.CITED, {}), {}
    names = [r for r, _ in _plot_rules.top({r: set_.get(r, 0) + other.get(r, 0)
                                            for r in set(set_) | set(other)}, top_rules)][::-1]
    a = [set_.get(r, 0) for r in names]
    left.barh(names, a, color="#1f77b4",
              label=_plot_rules.OUTCOME if findings is not None else _plot_rules.CITED)
    if other:
        left.barh(names, [other.get(r, 0) for r in names], left=a, color="#aec7e8",
                  label=_plot_rules.NOT_OUTCOME)
    left.set_title("rules that set the outcome" if findings is not None
                   else "rules cited, not classification (which set the outcome: pass findings=)",
                   fontsize=10)
    left.legend(fontsize=7, loc="lower right")
    cls = _plot_rules.top(counts.get(_plot_rules.CLASSIFICATION, {}), top_rules)[::-1]
    right.barh([r for r, _ in cls], [n for _, n in cls], color="#7f7f7f")
    right.set_title("classification findings (what the items are; not the outcome)", fontsize=10)
    for x in (left, right):
        x.set_xlabel("shipments")
        x.tick_params(axis="y", labelsize=7)
    return fig


def decisions(frame: "pandas.DataFrame", destination: str = "end_user_country",
              top_rules: int = 15, ax: Any = None, findings: Any = None,
              engine: Optional["Engine"] = None) -> Figure:
    """Decisions by destination (stacked counts) and the rules fired most often, split into
    rules that set the outcome and classification findings (see :func:`rules_fired` for the
    criterion and for `findings`).

    `frame` is the output of Engine.check_frame (one row per line: shipments are counted once)
    or of exportctl.decisions_frame; it needs `decision`, `rules` and the `destination` column.
    ``ax`` is three Axes: destinations, outcome rules, classification findings. The footer
    gives the dates, scenario and pack fingerprint of the decisions (given as `findings`) or of
    `engine`; decisions of an edited RuleSet make the chart a titled what-if, edits listed.
    """
    df = _prepare(frame)
    fps, scen, edits = _plot_rules.provenance(findings, engine)
    if "edits" in df.columns:  # a frame of what-if decisions may carry its edits
        for cell in df["edits"].dropna():
            for e in (cell if isinstance(cell, (list, tuple)) else str(cell).split("\n")):
                if e and e not in edits:
                    edits.append(e)
    foot = _footer(_dates(df), fps, scen, edits)
    own = ax is None
    if own:
        fig = Figure(figsize=(18, 6.5 + len(foot) * _FOOT * 1.3 / 72))
        axes = list(fig.subplots(1, 3, gridspec_kw={"width_ratios": [1.2, 1, 1]}))
        fig.subplots_adjust(left=0.04, right=0.99, top=0.9, wspace=0.35,
                            bottom=(0.9 + len(foot) * _FOOT * 1.3 / 72) / fig.get_figheight())
    else:
        axes = _axes_list(ax, 3, "three Axes: destinations, outcome rules, classification")
        fig = axes[0].get_figure()
    decisions_by_destination(df, destination, ax=axes[0])
    rules_fired(df, findings=findings, top_rules=top_rules, ax=axes[1:], engine=engine)
    title = (f"WHAT-IF (edited packs, not as published): decisions of {len(df)} shipments"
             if edits else f"decisions of {len(df)} shipments")
    if own:
        fig.suptitle(title, color="#b00000" if edits else "black")
    else:
        axes[0].set_title(title + " by destination", fontsize=10)
    _put_footer(fig, own, axes[0], foot)
    fig.exportctl_footer = "\n".join(foot)
    return fig
