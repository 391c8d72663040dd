"""exportctl.RuleSet: rule packs as editable Python data, for what-if analysis.

>>> rs = exportctl.RuleSet.load()
>>> lower = rs.set_threshold("EAR_3A090_A_1_2023", "tpp", 4000)           # any rule, any pack
>>> wider = rs.override("ear-country-groups", "country_groups[D5].members",
...                     lambda members: members + ["AE"])                 # a country list
>>> lpp = rs.override("ai-diffusion-2025",
...                   "license_exceptions[EAR_740_LPP_2025].when.thresholds"
...                   "[param=shipment_tpp_with_ytd].value", 50_000_000)  # the LPP allowance
>>> rs.rules(), rs.thresholds()          # every rule and every threshold, as DataFrames
>>> exportctl.Engine(rules=lower)        # loaded from memory; nothing is written
>>> lower.to_yaml("my-packs/")           # the edited packs as files, for the CLI

A path is dot-separated keys; ``[N]`` picks a list element by position, ``[ID]`` the element
whose ``id`` is ID, ``[key=value]`` the element whose ``key`` is value (``thresholds()`` gives
each threshold's path). Packs are named by their ``pack.id``, or by the scenario name for
scenario packs. Values are never checked here: the engine checks the edited packs when it loads
them (RulePackError, with the pack's name).

An edit rewrites only the edited value in the pack's text (in flow style, on its key's line);
every other line, comments included, stays where it is in the pack file, and the edits are
listed in a comment at the end. A diagnostic about an edited pack names the file, the edits
(path and line) and a line of that text: ``RuleSet.text(pack)`` returns it, ``to_yaml`` writes
it, and ``RuleSet.edit_for(diagnostic)`` names the edit that wrote the line. (Where a value
cannot be written in place, the pack is re-serialized and its name says so.)
"""
from __future__ import annotations

import copy
import datetime as _dt
import os
import re
from pathlib import Path
from typing import Any, List, Optional, Sequence, Tuple, Union

import yaml

from . import _ruleset_splice as _splice
from . import _ruleset_tables as _tables

_STEP = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


class _Loader(yaml.SafeLoader):
    """YAML as the engine reads it: only true/false are booleans (YAML 1.1 turns NO, Norway,
    into false)."""


class _Dumper(yaml.SafeDumper):
    pass


def _yaml11_bools_off(cls: Any) -> None:
    cls.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    cls.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"),
                              list("tf"))


_yaml11_bools_off(_Loader)
_yaml11_bools_off(_Dumper)


class _Pack:
    """One pack: `data` as edited, `orig` as loaded, `body` the YAML text of `data` (the file's
    text with the edits written in place, or a re-serialization when `reserialized`), and
    `edits`: (path, line of the new value or 0, edit line) per edit of this pack, in order."""

    __slots__ = ("file", "body", "data", "orig", "edits", "reserialized")

    def __init__(self, file: str, body: str, data: Any, orig: Any = None,
                 edits: Sequence[Tuple[str, int, str]] = (), reserialized: bool = False) -> None:
        self.file, self.body, self.data = file, body, data
        self.orig = data if orig is None else orig
        self.edits, self.reserialized = tuple(edits), reserialized

    @property
    def edited(self) -> bool:
        return bool(self.edits)

    @property
    def text(self) -> str:
        """The YAML text the engine loads for this pack."""
        if not self.edits:
            return self.body
        body = self.body if self.body.endswith("\n") else self.body + "\n"
        return body + _splice.trailer([e for _, _, e in self.edits])

    @property
    def name(self) -> str:
        """The pack's name in diagnostics: the file, and for an edited pack what was edited
        and where (the line of the new value, in `text`)."""
        if not self.edits:
            return self.file
        last = {}
        for path, line, _ in self.edits:  # the latest edit of a path is the one in force
            last.pop(path, None)
            last[path] = line
        if self.reserialized:
            return (f"{self.file} (edited: {'; '.join(last)}; re-serialized, lines as in "
                    f"RuleSet.text({(self.scenario or self.id)!r}))")
        return f"{self.file} (edited: " + "; ".join(
            f"{p} at line {n}" for p, n in last.items()) + ")"

    @property
    def id(self) -> str:
        return str(self.data.get("pack", {}).get("id", ""))

    @property
    def scenario(self) -> str:
        return str(self.data.get("pack", {}).get("scenario", "") or "")


def _files(paths: Sequence[Union[str, "os.PathLike[str]"]]) -> List[Path]:
    out: List[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            # pack-set.yaml at the top is the directory's manifest, not a pack (the engine
            # checks it when the directory itself is loaded).
            out.extend(sorted(f for f in p.rglob("*.yaml")
                              if not any(part.startswith(".") for part in f.relative_to(p).parts)
                              and f.relative_to(p).as_posix() != "pack-set.yaml"))
        else:
            out.append(p)
    return out


class RuleSet:
    """An immutable set of rule packs; every edit returns a new RuleSet."""

    def __init__(self, packs: List[_Pack], edits: Sequence[str] = ()) -> None:
        self._packs = packs
        #: The edits made since loading, one line each (`pack: path = value`), in order.
        self.edits: List[str] = list(edits)

    @classmethod
    def load(cls, paths: Union[None, str, "os.PathLike[str]",
                               Sequence[Union[str, "os.PathLike[str]"]]] = None) -> "RuleSet":
        """Reads pack files or directories (default: the default packs)."""
        from ._engine import default_rules_dir

        if paths is None:
            paths = [default_rules_dir()]
        elif isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        packs = []
        for f in _files(paths):
            text = f.read_text(encoding="utf-8")
            packs.append(_Pack(str(f), text, yaml.load(text, Loader=_Loader)))
        return cls(packs)

    @property
    def packs(self) -> List[str]:
        """Pack ids, in load order."""
        return [p.id for p in self._packs]

    def _find(self, pack: str) -> int:
        for i, p in enumerate(self._packs):
            if pack in (p.id, p.scenario):
                return i
        raise KeyError(f"no pack `{pack}`; packs: {', '.join(self.packs)}")

    def pack(self, pack: str) -> Any:
        """A copy of one pack's content."""
        return copy.deepcopy(self._packs[self._find(pack)].data)

    def text(self, pack: str) -> str:
        """The YAML text the engine loads for `pack` (what `to_yaml` writes): the file as read,
        or, once edited, the file with the edited values written in place and the edits listed
        at the end. Diagnostics about an edited pack count lines in this text."""
        return self._packs[self._find(pack)].text

    def get(self, pack: str, path: str) -> Any:
        """The value at `path` in `pack` (a copy)."""
        parent, last = _walk(self._packs[self._find(pack)].data, path)
        return copy.deepcopy(parent[last])

    def override(self, pack: str, path: str, value: Any) -> "RuleSet":
        """A new RuleSet with the value at `path` in `pack` replaced by `value`, or by
        `value(old)` when `value` is callable."""
        i = self._find(pack)
        old = self._packs[i]
        data = copy.deepcopy(old.data)
        steps = _steps(data, path)
        parent, last = _walk(data, path)
        new = value(copy.deepcopy(parent[last])) if callable(value) else value
        parent[last] = _plain(new, f"override: the value for `{path}`")
        shown = repr(parent[last])  # the new value, also when `value` was a function
        shown = shown if len(shown) <= 200 else shown[:197] + "..."
        edit = f"{pack}: {path} = {shown}"
        done = None if old.reserialized else _splice.splice(
            old.body, steps, parent[last], data, _Loader, _Dumper)
        if done is not None:
            body, line, reserialized = done[0], done[1], False
        else:  # the value cannot be written in place: the whole pack, re-serialized
            body, line, reserialized = _dump(data), 0, True
        edits = old.edits + ((path, line, edit),)
        if reserialized and not old.reserialized:  # earlier lines no longer hold
            edits = tuple((p, 0, e) for p, _, e in edits)
        packs = list(self._packs)
        packs[i] = _Pack(old.file, body, data, old.orig, edits, reserialized)
        return RuleSet(packs, self.edits + [edit])

    def set_threshold(self, rule: str, param: str, value: float,
                      op: Optional[str] = None) -> "RuleSet":
        """A new RuleSet where rule `rule` (any pack) tests `param` against `value`. The
        threshold may be anywhere in the rule (also inside `any_of`, `all_of`, `not`); when the
        rule tests `param` more than once (a range, or a rule id with several validity
        windows), `op` picks the comparison, else this is a ValueError listing them
        (``thresholds()`` gives each one's path for ``override``)."""
        found = []
        known = False
        for p in self._packs:
            for _section, rule_path, r in _tables.rule_locations(p.data):
                if r.get("id") != rule:
                    continue
                known = True
                found += [(p.scenario or p.id, path, t)
                          for path, t in _tables.threshold_locations(r, rule_path)
                          if t.get("param") == param and (op is None or t.get("op") == op)]
        if not known:
            raise KeyError(f"no rule `{rule}`")
        if not found:
            raise KeyError(f"rule `{rule}` has no threshold on `{param}`"
                           + (f" with op `{op}`" if op else ""))
        if len(found) > 1:
            listed = ", ".join(f"`{t.get('op')} {t.get('value')}` at {pack}: {path}"
                               for pack, path, t in found)
            raise ValueError(f"rule `{rule}` tests `{param}` {len(found)} times ({listed}); "
                             "pass op= or use override with the path")
        pack, path, _t = found[0]
        return self.override(pack, path + ".value", value)

    def rules(self) -> "pandas.DataFrame":  # noqa: F821
        """One row per rule of every pack (a mapping with an `id` and the keys every rule
        carries, in any section): pack, scenario, version, section, rule, path (for
        ``override``), outcome and outcome_key (the rule's effect, policy, state, paragraph,
        ..., when it states one), citation, effective_from, effective_to (datetime64, NaT when
        open; an Entity List entry's start_date and end_date), edited (this rule differs from
        the pack as loaded) and pack_edited. A rule id with several validity windows has a row
        per window (its path then picks it by position)."""
        return _tables.rules_frame(self._packs)

    def thresholds(self) -> "pandas.DataFrame":  # noqa: F821
        """One row per threshold (`{param, op, value}` under any `thresholds` key of a rule,
        nested conditions included): pack, scenario, section, rule, path (of the value, for
        ``override``), param, op, value, unit (None for unitless parameters), edited (this
        threshold differs from the pack as loaded) and pack_edited."""
        return _tables.thresholds_frame(self._packs)

    def edit_for(self, diagnostic: Any) -> Optional[str]:
        """The edit (`pack: path = value`) that wrote the line a diagnostic points at, or None
        when the line is not an edited value (or the pack was re-serialized)."""
        file, line = getattr(diagnostic, "file", ""), getattr(diagnostic, "line", 0)
        for p in self._packs:
            if p.edited and file == p.name:
                hits = [e for _, n, e in p.edits if n and n == line]
                return hits[-1] if hits else None
        return None

    def _texts(self) -> List[Tuple[str, str]]:
        """(name, YAML text) per pack, as engine_options::rule_texts takes them."""
        return [(p.name, p.text) for p in self._packs]

    def to_yaml(self, directory: Union[str, "os.PathLike[str]"]) -> List[Path]:
        """Writes every pack into `directory` (the texts the engine loads: `text(pack)`);
        returns the files written. `exportctl check --rules DIR` then uses them."""
        out_dir = Path(directory)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for p in self._packs:
            f = out_dir / f"{p.scenario or p.id}.yaml"
            f.write_text(p.text, encoding="utf-8")
            written.append(f)
        return written

    def __repr__(self) -> str:
        edited = [p.id for p in self._packs if p.edited]
        head = f"<exportctl.RuleSet {len(self._packs)} packs"
        if not edited:
            return head + ">"
        lines = [f"{head}, edited: {', '.join(edited)}"]
        lines += [f"  edit: {e}" for e in self.edits]
        return "\n".join(lines) + ">"

    def _repr_html_(self) -> str:
        return _tables.ruleset_html(self._packs, self.edits)


def _plain(value: Any, what: str) -> Any:
    """`value` as YAML data: numpy scalars (a cell of a DataFrame, e.g. of ``thresholds()``)
    as the Python numbers and booleans they are; anything YAML cannot hold is a TypeError."""
    if isinstance(value, dict):
        return {k: _plain(v, what) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, what) for v in value]
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind is not None and getattr(value, "ndim", None) == 0:
        if kind in "biuf":
            return value.item()
    if value is None or isinstance(value, (str, bool, int, float, _dt.date)):
        return value
    raise TypeError(f"{what} is a {type(value).__name__} ({value!r}), which a rule pack cannot "
                    "hold: give text, a number, a boolean, a date, a list or a mapping")


def _dump(data: Any) -> str:
    return "# Written by exportctl.RuleSet (edited in Python).\n" + yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _parse(path: str) -> List[Tuple[str, str]]:
    steps: List[Tuple[str, str]] = []
    pos = 0
    for m in _STEP.finditer(path):
        if m.start() != pos and path[pos:m.start()] != ".":
            raise KeyError(f"bad path `{path}`")
        pos = m.end()
        steps.append(("key", m.group(1)) if m.group(1) is not None else ("sel", m.group(2)))
    if not steps or pos != len(path):
        raise KeyError(f"bad path `{path}`")
    return steps


def _steps(data: Any, path: str) -> List[Union[str, int]]:
    """The keys and list positions `path` names in `data`."""
    node = data
    out: List[Union[str, int]] = []
    for kind, s in _parse(path):
        if kind == "key":
            if not isinstance(node, dict) or s not in node:
                raise KeyError(f"`{s}` not found in `{path}`")
            key: Union[str, int] = s
        else:
            if not isinstance(node, list):
                raise KeyError(f"`[{s}]` needs a list in `{path}`")
            key = _select(node, s, path)
        out.append(key)
        node = node[key]
    return out


def _walk(data: Any, path: str) -> Tuple[Any, Any]:
    steps = _steps(data, path)
    parent = data
    for s in steps[:-1]:
        parent = parent[s]
    return parent, steps[-1]


def _select(items: List[Any], sel: str, path: str) -> int:
    if sel.isdigit():
        if int(sel) >= len(items):
            raise KeyError(f"index {sel} out of range in `{path}`")
        return int(sel)
    key, _, want = sel.partition("=") if "=" in sel else ("id", "", sel)
    for i, it in enumerate(items):
        if isinstance(it, dict) and str(it.get(key)) == want:
            return i
    raise KeyError(f"no element with {key} = `{want}` in `{path}`")
