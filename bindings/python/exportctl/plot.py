"""Charts (matplotlib, Agg backend): the 3A090 plane and decision summaries.

Nothing here knows a threshold: the regions are found by classifying a grid of
(TPP, performance density) points through the engine, so they follow the packs and the date.
"""
from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

import matplotlib

matplotlib.use("Agg", force=False)
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import ListedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from ._text import as_of_text  # noqa: E402

if TYPE_CHECKING:
    import pandas

    from ._engine import Decision, Engine

_NONE = "not 3A090"
_UNKNOWN = "needs more facts"


def _chips(engine: "Engine", as_of: str, products: Optional[Sequence[str]]
           ) -> List[Tuple[str, float, float, Optional[bool]]]:
    """(id, TPP, performance density, datacenter) for every catalog IC that has both figures."""
    from .ruleset import RuleSet

    datacenter: Dict[str, Optional[bool]] = {}
    try:
        rs = RuleSet.load()
        for pid in rs.packs:
            for prod in rs.pack(pid).get("products", []) or []:
                datacenter[prod["id"]] = (prod.get("specs") or {}).get("datacenter")
    except Exception:  # the flag only chooses a panel; the chips still show
        pass
    out = []
    for pid in products if products is not None else engine.product_ids:
        item = engine.classify(product=pid, as_of=as_of)["item"]
        tpp, pd_ = item.get("tpp"), item.get("performance_density")
        if tpp is not None and pd_ is not None:
            out.append((pid, float(tpp), float(pd_), datacenter.get(pid)))
    return out


def thresholds(as_of: Any = None, products: Optional[Sequence[str]] = None,
               engine: Optional["Engine"] = None, resolution: int = 160) -> Figure:
    """The TPP × performance-density plane on `as_of` (default today): the 3A090 paragraphs in
    force, shaded, for datacenter and non-datacenter ICs, with the catalog chips (or
    `products`) placed as labelled points. Save with ``fig.savefig("plane.png")`` (or .svg)."""
    from ._engine import Engine

    engine = engine or Engine()
    day = as_of_text(as_of) or _dt.date.today().isoformat()
    chips = _chips(engine, day, products)
    x_max = max([c[1] for c in chips] + [1000.0]) * 1.15
    y_max = max([c[2] for c in chips] + [1.0]) * 1.15
    xs = [x_max * (i + 0.5) / resolution for i in range(resolution)]
    ys = [y_max * (j + 0.5) / resolution for j in range(resolution)]
    tpp = [x for _ in ys for x in xs]
    area = [x / y for y in ys for x in xs]

    panels = []
    labels: List[str] = []
    for dc in (True, False):
        grid = engine._core.classify_grid(tpp, area, dc, day)
        names = [(_UNKNOWN if missing and not par else (par or eccn or _NONE))
                 for eccn, par, missing in grid]
        for n in names:
            if n not in labels:
                labels.append(n)
        panels.append(names)
    labels.sort(key=lambda s: (s in (_NONE, _UNKNOWN), s == _UNKNOWN, s))
    index = {n: i for i, n in enumerate(labels)}
    base = ["#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
            "#1f77b4"]
    colors = []
    for n in labels:
        colors.append("#f2f2f2" if n == _NONE else "#c7c7c7" if n == _UNKNOWN
                      else base[len(colors) % len(base)])
    cmap = ListedColormap(colors)

    fig, axes = plt.subplots(1, 2, figsize=(14, 6), sharey=True, constrained_layout=True)
    for ax, names, dc in zip(axes, panels, (True, False)):
        z = [[index[names[j * resolution + i]] for i in range(resolution)]
             for j in range(resolution)]
        ax.pcolormesh(xs, ys, z, cmap=cmap, vmin=-0.5, vmax=len(labels) - 0.5, shading="nearest")
        for pid, t, d, flag in chips:
            if flag is None or flag == dc:
                ax.plot(t, d, "o", color="black", markersize=3)
                ax.annotate(pid, (t, d), fontsize=6, xytext=(3, 2), textcoords="offset points")
        ax.set_xlim(0, x_max)
        ax.set_ylim(0, y_max)
        ax.set_xlabel("TPP (total processing performance)")
        ax.set_title(("datacenter ICs" if dc else "non-datacenter ICs") + f" — {day}")
    axes[0].set_ylabel("performance density (TPP / mm²)")
    axes[1].legend(handles=[Patch(color=c, label=n) for c, n in zip(colors, labels)],
                   loc="upper right", fontsize=8, framealpha=0.9)
    fig.suptitle(f"ECCN 3A090 regions in force on {day} (from the rule packs)")
    return fig


def decisions(frame: "pandas.DataFrame", destination: str = "end_user_country",
              top_rules: int = 15) -> Figure:
    """Decisions by destination (stacked counts) and the rules fired most often.

    `frame` is the output of Engine.check_frame (one row per line: shipments are counted once)
    or of exportctl.decisions_frame; it needs `decision`, `rules` and the `destination` column.
    """
    import pandas as pd

    df = frame
    if "shipment" in df.columns:
        df = df.drop_duplicates("shipment")
    df = df[df["decision"].notna()]
    order = ["no_license_required", "license_exception", "license_required", "hold"]
    palette = {"no_license_required": "#2ca02c", "license_exception": "#bcbd22",
               "license_required": "#ff7f0e", "hold": "#d62728"}
    counts = pd.crosstab(df[destination], df["decision"]).reindex(columns=order, fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index]

    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6), constrained_layout=True)
    bottom = None
    for dec in order:
        vals = counts[dec].values
        left.bar(counts.index.astype(str), vals, bottom=bottom, label=dec, color=palette[dec])
        bottom = vals if bottom is None else bottom + vals
    left.set_title(f"decisions by destination ({len(df)} shipments)")
    left.set_ylabel("shipments")
    left.tick_params(axis="x", labelrotation=90)
    left.legend(fontsize=8)

    rules = df["rules"].fillna("").str.split(";").explode()
    rules = rules[rules != ""].value_counts().head(top_rules)[::-1]
    right.barh(rules.index.astype(str), rules.values, color="#1f77b4")
    right.set_title(f"rules fired (top {top_rules})")
    right.set_xlabel("shipments")
    right.tick_params(axis="y", labelsize=7)
    return fig

