"""The 3A090 plane's data for exportctl.plot.thresholds, without matplotlib: the classified
grid, the region boundaries found on it, what the unknown regions are missing, and where each
catalog chip goes (or why it cannot be placed).

No threshold is known here: everything comes from classifying points through the engine.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

import yaml

if TYPE_CHECKING:
    from ._engine import Engine

NONE = "not 3A090"
UNKNOWN = "needs more facts"

# Bisection steps when refining a region edge between two grid cells: 2^-48 of a cell is far
# below the 6 significant digits the labels show.
_STEPS = 48


def region_name(eccn: str, paragraph: str, missing: bool) -> str:
    """The name a grid cell is shaded with (a paragraph wins over a missing fact: it holds)."""
    return UNKNOWN if missing and not paragraph else (paragraph or eccn or NONE)


def classify_names(engine: "Engine", tpp: Sequence[float], density: Sequence[float],
                   datacenter: bool, day: str) -> List[str]:
    area = [t / d for t, d in zip(tpp, density)]
    grid = engine._core.classify_grid(list(tpp), area, datacenter, day)
    return [region_name(e, p, m) for e, p, m in grid]


class Plane:
    """One panel's classified grid: `names[j][i]` is the region at (xs[i], ys[j])."""

    def __init__(self, engine: "Engine", day: str, datacenter: bool,
                 xs: List[float], ys: List[float]) -> None:
        self.engine, self.day, self.datacenter, self.xs, self.ys = engine, day, datacenter, xs, ys
        flat = classify_names(engine, [x for _ in ys for x in xs], [y for y in ys for _ in xs],
                              datacenter, day)
        n = len(xs)
        self.names = [flat[j * n:(j + 1) * n] for j in range(len(ys))]

    def edges(self) -> Tuple[Dict[float, List[float]], Dict[float, List[float]]]:
        """Region boundaries: ({TPP value: [densities of the rows it separates]},
        {density value: [TPPs of the columns it separates]}), each value found by bisecting
        between the two cells that differ, so it is the packs' number, not a cell edge."""
        xs, ys, names = self.xs, self.ys, self.names
        # (fixed coordinate, low, high, name on the low side) per pair of differing neighbours
        rows = [(ys[j], xs[i], xs[i + 1], names[j][i]) for j in range(len(ys))
                for i in range(len(xs) - 1) if names[j][i] != names[j][i + 1]]
        cols = [(xs[i], ys[j], ys[j + 1], names[j][i]) for i in range(len(xs))
                for j in range(len(ys) - 1) if names[j][i] != names[j + 1][i]]
        tpp_edges = self._bisect(rows, along_tpp=True)
        density_edges = self._bisect(cols, along_tpp=False)
        return tpp_edges, density_edges

    def _bisect(self, pairs: List[Tuple[float, float, float, str]], along_tpp: bool
                ) -> Dict[float, List[float]]:
        if not pairs:
            return {}
        lo = [p[1] for p in pairs]
        hi = [p[2] for p in pairs]
        fixed = [p[0] for p in pairs]
        for _ in range(_STEPS):
            mid = [(a + b) / 2 for a, b in zip(lo, hi)]
            tpp, dens = (mid, fixed) if along_tpp else (fixed, mid)
            got = classify_names(self.engine, tpp, dens, self.datacenter, self.day)
            for k, name in enumerate(got):
                if name == pairs[k][3]:
                    lo[k] = mid[k]
                else:
                    hi[k] = mid[k]
        out: Dict[float, List[float]] = {}
        for value, at in zip(hi, fixed):
            out.setdefault(float(f"{value:.6g}"), []).append(at)
        return out

    def missing(self, samples: int = 12) -> Tuple[List[str], List[str]]:
        """(missing fact names, rules that need them) for the "needs more facts" cells,
        from the engine's own answer on an evenly spread sample of them."""
        cells = [(self.xs[i], self.ys[j]) for j, row in enumerate(self.names)
                 for i, n in enumerate(row) if n == UNKNOWN]
        if not cells:
            return [], []
        step = max(1, len(cells) // samples)
        facts: List[str] = []
        rules: List[str] = []
        for t, d in cells[::step]:
            # `tpp`, `die_area_mm2` and `datacenter` are chip-spec field names (the schema),
            # the same three facts classify_grid fills in.
            got = self.engine.classify(specs={"tpp": t, "die_area_mm2": t / d,
                                              "datacenter": self.datacenter}, as_of=self.day)
            facts.extend(f for f in got["missing_facts"] if f not in facts)
            rules.extend(f["rule"] for f in got["findings"]
                         if f.get("kind") == "missing_fact" and f["rule"] not in rules)
        return sorted(facts), sorted(rules)

    def centroid(self, name: str) -> Optional[Tuple[float, float]]:
        pts = [(self.xs[i], self.ys[j]) for j, row in enumerate(self.names)
               for i, n in enumerate(row) if n == name]
        if not pts:
            return None
        return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))


def pack_datas(engine: Optional["Engine"]) -> List[Any]:
    """The content of every pack the engine was built from (the default packs for None)."""
    from .ruleset import RuleSet, _Loader

    sources = getattr(engine, "_sources", None) if engine is not None else None
    if sources is None:
        return [p.data for p in RuleSet.load()._packs]
    paths, texts = sources[0], sources[1]
    datas = [p.data for p in RuleSet.load(paths)._packs] if paths else []
    return datas + [yaml.load(text, Loader=_Loader) for _name, text in texts]


def _catalog_flags(engine: "Engine") -> Dict[str, Optional[bool]]:
    """Each catalog product's `datacenter` spec, read from the packs the engine was built from
    (the flag picks the panel; the engine does not report it)."""
    flags: Dict[str, Optional[bool]] = {}
    for data in pack_datas(engine):
        if not isinstance(data, dict):
            continue
        for prod in data.get("products", []) or []:
            if isinstance(prod, dict) and "id" in prod:
                flags[prod["id"]] = (prod.get("specs") or {}).get("datacenter")
    return flags


def chips(engine: "Engine", day: str, products: Optional[Sequence[str]]
          ) -> Tuple[List[Tuple[str, float, float, Optional[bool], str]], List[Tuple[str, str]]]:
    """([(id, TPP, density, datacenter, engine's class)], [(id, why it is not placed)]):
    every product asked for is in exactly one of the two lists."""
    known = engine.product_ids
    if products is None:
        wanted = list(known)
    else:
        if isinstance(products, str):
            raise TypeError("products must be a list of product ids, not one string")
        wanted = list(products)
        bad = [p for p in wanted if p not in known]
        if bad:
            raise ValueError(f"products: not in the engine's catalog: {', '.join(bad)}")
    flags = _catalog_flags(engine)
    placed = []
    omitted = []
    for pid in wanted:
        got = engine.classify(product=pid, as_of=day)
        item = got["item"]
        tpp, dens = item.get("tpp"), item.get("performance_density")
        missing = list(item.get("missing_facts") or got.get("missing_facts") or [])
        cls = (item.get("paragraph") or item.get("eccn")
               or (f"needs {', '.join(missing)}" if missing else NONE))
        if tpp is not None and dens is not None:
            placed.append((pid, float(tpp), float(dens), flags.get(pid), cls))
        elif tpp is not None:
            omitted.append((pid, f"performance density unknown (no die_area_mm2), TPP {tpp:,.6g}:"
                                 f" engine says {cls}"))
        elif missing:
            omitted.append((pid, f"TPP unknown: the engine needs {', '.join(missing)} "
                                 "(the item holds)"))
        else:
            omitted.append((pid, f"no TPP: not classified as an IC by TPP (engine says {cls})"))
    return placed, omitted
