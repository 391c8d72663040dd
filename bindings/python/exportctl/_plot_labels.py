"""Point labels that do not overprint: chips at (nearly) the same point share one label, and
each label goes where its box meets no other label or point (with a leader line when it had to
move away). Text is measured with a stand-alone Agg renderer, which leaves the figure's canvas
and the pyplot backend alone."""
from __future__ import annotations

import functools
from typing import Any, Dict, List, Optional, Sequence, Tuple

# Points closer than this (a fraction of the axes' width and height) share one label.
NEAR = 0.012
_PAD = 1.5  # points between label boxes


@functools.lru_cache(maxsize=None)
def _renderer() -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(10, 10, 72)  # 72 dpi: one pixel is one point


def text_size(text: str, fontsize: float) -> Tuple[float, float]:
    """(width, height) of `text` in points."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=fontsize)
    lines = text.split("\n")
    width = max(_renderer().get_text_width_height_descent(s or " ", prop, ismath=False)[0]
                for s in lines)
    return width, len(lines) * fontsize * 1.2


def group(points: Sequence[Tuple[float, float, str]], xlim: Tuple[float, float],
          ylim: Tuple[float, float]) -> List[Tuple[float, float, List[str]]]:
    """Points within NEAR of each other (axes fractions, single linkage) as one group:
    (x, y of the first member, sorted names)."""
    def frac(p: Tuple[float, float, str]) -> Tuple[float, float]:
        return ((p[0] - xlim[0]) / (xlim[1] - xlim[0]), (p[1] - ylim[0]) / (ylim[1] - ylim[0]))

    groups: List[List[Tuple[float, float, str]]] = []
    for p in sorted(points, key=lambda p: (p[0], p[1], p[2])):
        fx, fy = frac(p)
        hits = [g for g in groups
                if any(abs(fx - frac(q)[0]) < NEAR and abs(fy - frac(q)[1]) < NEAR for q in g)]
        merged = [p] + [q for g in hits for q in g]
        groups = [g for g in groups if g not in hits] + [merged]
    out = []
    for g in groups:
        g.sort(key=lambda p: (p[0], p[1], p[2]))
        out.append((g[0][0], g[0][1], sorted(p[2] for p in g)))
    return sorted(out, key=lambda g: (g[0], g[1]))


def _overlaps(a: Tuple[float, float, float, float], b: Tuple[float, float, float, float]
              ) -> bool:
    return not (a[2] + _PAD <= b[0] or b[2] + _PAD <= a[0]
                or a[3] + _PAD <= b[1] or b[3] + _PAD <= a[1])


def place(ax: Any, points: Sequence[Tuple[float, float, str]], fontsize: float = 6,
          colors: Optional[Dict[str, str]] = None) -> List[Any]:
    """Draws a marker per point (coloured by name, default black) and one label per group;
    returns the label annotations. The axes' limits must be set already."""
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    fig = ax.get_figure()
    pos = ax.get_position()
    width_pt = fig.get_size_inches()[0] * 72 * pos.width
    height_pt = fig.get_size_inches()[1] * 72 * pos.height

    def to_pt(x: float, y: float) -> Tuple[float, float]:
        return ((x - xlim[0]) / (xlim[1] - xlim[0]) * width_pt,
                (y - ylim[0]) / (ylim[1] - ylim[0]) * height_pt)

    for x, y, name in points:
        ax.plot(x, y, "o", color=(colors or {}).get(name, "black"), markersize=3, zorder=3)
    groups = group(points, xlim, ylim)
    taken = [(px - 2, py - 2, px + 2, py + 2) for px, py in (to_pt(x, y) for x, y, _ in points)]
    out = []
    for x, y, names in groups:
        text = "\n".join(names)
        w, h = text_size(text, fontsize)
        px, py = to_pt(x, y)
        best = None
        for k in range(0, 40):
            lift = k * (fontsize * 1.2)
            for dx, dy in ((4, 2 + lift), (4, -h - 2 - lift), (-w - 4, 2 + lift),
                           (-w - 4, -h - 2 - lift)):
                box = (px + dx, py + dy, px + dx + w, py + dy + h)
                inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width_pt and box[3] <= height_pt
                if inside and not any(_overlaps(box, t) for t in taken):
                    best = (dx, dy, box, k)
                    break
            if best:
                break
        if best is None:  # nowhere free inside the axes: the first spot, marked by a leader
            best = (4, 2 + 40 * fontsize * 1.2, None, 40)
        dx, dy, box, k = best
        taken.append(box or (px + dx, py + dy, px + dx + w, py + dy + h))
        arrow = dict(arrowstyle="-", color="#555555", lw=0.5) if k else None
        out.append(ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                               ha="left", va="bottom", fontsize=fontsize, arrowprops=arrow,
                               zorder=4))
    return out
