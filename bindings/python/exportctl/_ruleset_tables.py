"""RuleSet as tables: its rules and thresholds as DataFrames, and its HTML view.

Built from the packs' data as they are, with no rule, pack or section named here: a rule is a
mapping with an `id` and the keys every rule carries (docs/rule-pack-format.md, "Keys every
rule carries"), found in a top-level section (a list of them, or one mapping such as
`precisions`) or one level down (`entity_list.requirement`, `entity_list.entries`). Catalog
products carry an id but not those keys, so they are not rules.
"""
from __future__ import annotations

import datetime as _dt
import html
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple

if TYPE_CHECKING:
    import pandas

    from .ruleset import _Pack

# Besides `id`, a rule carries `citation` and `message` (an Entity List entry may leave them to
# default, but every list holding rules has some that state them).
_RULE_KEYS = ("citation", "message")
# The keys that state what a rule does, by section: requirements and notices `effect`, review
# policies `policy`, Entity List entries `license_policy`, the Affiliates rule `state`,
# classifications `paragraph`, red flags `severity`, licence exceptions `name`. The first one a
# rule states is its outcome.
_OUTCOME_KEYS = ("effect", "policy", "license_policy", "state", "paragraph", "severity", "name")
# Units of the condition parameters: the `unit` column of the parameter table in
# src/conditions/condition.hpp (test_ruleset_tables.py checks they agree). None: a plain number.
UNITS: Dict[str, Optional[str]] = {
    "tpp": None, "performance_density": None, "io_bandwidth_gbs": "GB/s",
    "dram_bandwidth_gbs": "GB/s", "memory_bandwidth_density": "GB/s/mm²",
    "die_area_mm2": "mm²", "shipment_tpp_with_ytd": None, "destination_licensed_tpp": None,
}

RULE_COLUMNS = ("pack", "scenario", "version", "section", "rule", "path", "outcome",
                "outcome_key", "citation", "effective_from", "effective_to", "edited",
                "pack_edited")
THRESHOLD_COLUMNS = ("pack", "scenario", "section", "rule", "path", "param", "op", "value",
                     "unit", "edited", "pack_edited")


def _is_rule(v: Any) -> bool:
    return isinstance(v, dict) and "id" in v and any(k in v for k in _RULE_KEYS)


def _in_section(section: str, value: Any, depth: int) -> Iterator[Tuple[str, str, dict]]:
    if _is_rule(value):
        yield section, section, value
    elif isinstance(value, list):
        if any(_is_rule(v) for v in value):
            ids = [str(v.get("id")) if isinstance(v, dict) else None for v in value]
            for i, v in enumerate(value):
                if isinstance(v, dict) and "id" in v:
                    # An id may come back with another validity window: then by position.
                    sel = ids[i] if ids.count(ids[i]) == 1 and "]" not in ids[i] else str(i)
                    yield section, f"{section}[{sel}]", v
    elif isinstance(value, dict) and depth == 0:
        for k, v in value.items():
            yield from _in_section(f"{section}.{k}", v, 1)


def rule_locations(data: Any) -> Iterator[Tuple[str, str, dict]]:
    """(section, path, rule) for every rule of one pack's data, in the pack's order."""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if key != "pack":
            yield from _in_section(str(key), value, 0)


def threshold_locations(node: Any, path: str) -> Iterator[Tuple[str, dict]]:
    """(path, threshold) for every `{param, op, value}` under a `thresholds` key below `node`.
    A threshold is named by its param when that param is unique in its list, else by position
    (a range tests one param twice)."""
    if isinstance(node, dict):
        for k, v in node.items():
            here = f"{path}.{k}"
            if k == "thresholds" and isinstance(v, list):
                params = [t.get("param") if isinstance(t, dict) else None for t in v]
                for i, t in enumerate(v):
                    if not isinstance(t, dict):
                        continue
                    p = params[i]
                    unique = isinstance(p, str) and params.count(p) == 1 and "]" not in p
                    yield here + (f"[param={p}]" if unique else f"[{i}]"), t
            else:
                yield from threshold_locations(v, here)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from threshold_locations(v, f"{path}[{i}]")


def _header(p: "_Pack") -> Tuple[str, Optional[str], Optional[str]]:
    head = p.data.get("pack", {}) if isinstance(p.data, dict) else {}
    version = head.get("version") if isinstance(head, dict) else None
    return p.id, p.scenario or None, None if version is None else str(version)


def _original_rules(p: "_Pack") -> Dict[Tuple[str, str], Any]:
    return {(section, path): r for section, path, r in rule_locations(p.orig)}


def _date(v: Any, what: str) -> Any:
    """A rule's date as a pandas Timestamp (NaT when absent); anything else is a ValueError
    (the engine would refuse the pack too)."""
    import pandas as pd

    if v is None:
        return pd.NaT
    if isinstance(v, _dt.date):
        return pd.Timestamp(v)
    if isinstance(v, str):
        try:
            return pd.Timestamp(_dt.date.fromisoformat(v))
        except ValueError:
            pass
    raise ValueError(f"{what}: `{v}` is not a date (YYYY-MM-DD)")


def _citation(r: dict) -> Optional[str]:
    c = r.get("citation", r.get("citations", r.get("federal_register_notice")))
    if isinstance(c, list):
        return "; ".join(str(x) for x in c)
    return None if c is None else str(c)


def rules_frame(packs: Sequence["_Pack"]) -> "pandas.DataFrame":
    import pandas as pd

    rows: List[Dict[str, Any]] = []
    for p in packs:
        pack, scenario, version = _header(p)
        before = _original_rules(p) if p.edited else {}
        for section, path, r in rule_locations(p.data):
            key = next((k for k in _OUTCOME_KEYS
                        if isinstance(r.get(k), (str, int, float)) and r.get(k) != ""), None)
            what = f"pack `{pack}` rule `{r.get('id')}`"
            rows.append({
                "pack": pack, "scenario": scenario, "version": version, "section": section,
                "rule": str(r.get("id")), "path": path,
                "outcome": None if key is None else str(r[key]), "outcome_key": key,
                "citation": _citation(r),
                "effective_from": _date(r.get("effective_from", r.get("start_date")),
                                        what + " effective_from"),
                "effective_to": _date(r.get("effective_to", r.get("end_date")),
                                      what + " effective_to"),
                "edited": p.edited and before.get((section, path)) != r,
                "pack_edited": p.edited})
    out = pd.DataFrame.from_records(rows, columns=list(RULE_COLUMNS))
    for c in ("effective_from", "effective_to"):
        out[c] = pd.to_datetime(out[c])
    return out.astype({"edited": bool, "pack_edited": bool})


def thresholds_frame(packs: Sequence["_Pack"]) -> "pandas.DataFrame":
    import pandas as pd

    rows: List[Dict[str, Any]] = []
    for p in packs:
        pack, scenario, _version = _header(p)
        before: Dict[str, Any] = {}
        if p.edited:
            for _s, path, r in rule_locations(p.orig):
                before.update(threshold_locations(r, path))
        for section, rule_path, r in rule_locations(p.data):
            for path, t in threshold_locations(r, rule_path):
                param = t.get("param")
                rows.append({
                    "pack": pack, "scenario": scenario, "section": section,
                    "rule": str(r.get("id")), "path": path + ".value", "param": param,
                    "op": t.get("op"), "value": t.get("value"),
                    "unit": UNITS.get(param) if isinstance(param, str) else None,
                    "edited": p.edited and before.get(path) != t, "pack_edited": p.edited})
    out = pd.DataFrame.from_records(rows, columns=list(THRESHOLD_COLUMNS))
    return out.astype({"edited": bool, "pack_edited": bool})


def ruleset_html(packs: Sequence["_Pack"], edits: Sequence[str]) -> str:
    """A table of the packs (id, scenario, version, edited) and the list of edits; every text
    escaped."""
    e = html.escape
    rows = []
    for p in packs:
        pack, scenario, version = _header(p)
        mark = "<b>edited</b>" if p.edited else ""
        rows.append(f"<tr><td><code>{e(pack)}</code></td><td>{e(scenario or '')}</td>"
                    f"<td>{e(version or '')}</td><td>{mark}</td></tr>")
    n_edited = sum(1 for p in packs if p.edited)
    title = f"exportctl.RuleSet: {len(packs)} packs" + (
        f", {n_edited} edited (what-if, not the published packs)" if n_edited else "")
    out = [f"<div><p><b>{e(title)}</b></p>",
           "<table><thead><tr><th>pack</th><th>scenario</th><th>version</th><th>edited</th>"
           "</tr></thead><tbody>", *rows, "</tbody></table>"]
    if edits:
        out.append("<p>edits, in order:</p><ol>")
        out += [f"<li><code>{e(x)}</code></li>" for x in edits]
        out.append("</ol>")
    out.append("</div>")
    return "\n".join(out)
