"""exportctl.RuleSet: rule packs as editable Python data, for what-if analysis.

>>> rs = exportctl.RuleSet.load()
>>> lower = rs.set_threshold("EAR_3A090_A_1_2023", "tpp", 4000)           # any rule, any pack
>>> wider = rs.override("ear-country-groups", "country_groups[D5].members",
...                     lambda members: members + ["AE"])                 # a country list
>>> lpp = rs.override("ai-diffusion-2025",
...                   "license_exceptions[EAR_740_LPP_2025].when.thresholds"
...                   "[param=shipment_tpp_with_ytd].value", 50_000_000)  # the LPP allowance
>>> exportctl.Engine(rules=lower)        # loaded from memory; nothing is written
>>> lower.to_yaml("my-packs/")           # the edited packs as files, for the CLI

A path is dot-separated keys; ``[N]`` picks a list element by position, ``[ID]`` the element
whose ``id`` is ID, ``[key=value]`` the element whose ``key`` is value. Packs are named by their
``pack.id``, or by the scenario name for scenario packs. Values are never checked here: the
engine checks the edited packs when it loads them (RulePackError, with the pack's name).
"""
from __future__ import annotations

import copy
import os
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import yaml

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
    __slots__ = ("file", "text", "data", "edited")

    def __init__(self, file: str, text: str, data: Any, edited: bool = False) -> None:
        self.file, self.text, self.data, self.edited = file, text, data, edited

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

    def pack(self, pack: str) -> Dict[str, Any]:
        """A copy of one pack's content."""
        return copy.deepcopy(self._packs[self._find(pack)].data)

    def get(self, pack: str, path: str) -> Any:
        """The value at `path` in `pack` (a copy)."""
        parent, last = _walk(self._packs[self._find(pack)].data, path)
        return copy.deepcopy(parent[last])

    def override(self, pack: str, path: str, value: Any) -> "RuleSet":
        """A new RuleSet with the value at `path` in `pack` replaced by `value`, or by
        `value(old)` when `value` is callable."""
        i = self._find(pack)
        data = copy.deepcopy(self._packs[i].data)
        parent, last = _walk(data, path)
        parent[last] = value(copy.deepcopy(parent[last])) if callable(value) else value
        packs = list(self._packs)
        packs[i] = _Pack(self._packs[i].file, "", data, edited=True)
        shown = repr(parent[last])  # the new value, also when `value` was a function
        shown = shown if len(shown) <= 200 else shown[:197] + "..."
        return RuleSet(packs, self.edits + [f"{pack}: {path} = {shown}"])

    def set_threshold(self, rule: str, param: str, value: float) -> "RuleSet":
        """A new RuleSet where rule `rule` (any pack) tests `param` against `value`."""
        for p in self._packs:
            for section, rules in p.data.items():
                if not isinstance(rules, list):
                    continue
                for r in rules:
                    if isinstance(r, dict) and r.get("id") == rule:
                        return self.override(
                            p.scenario or p.id,
                            f"{section}[{rule}].when.thresholds[param={param}].value", value)
        raise KeyError(f"no rule `{rule}`")

    def _texts(self) -> List[Tuple[str, str]]:
        """(name, YAML text) per pack, as engine_options::rule_texts takes them."""
        out = []
        for p in self._packs:
            if p.edited:
                out.append((f"{p.file} (edited)", _dump(p.data)))
            else:
                out.append((p.file, p.text))
        return out

    def to_yaml(self, directory: Union[str, "os.PathLike[str]"]) -> List[Path]:
        """Writes every pack into `directory` (edited packs re-serialized, others verbatim);
        returns the files written. `exportctl check --rules DIR` then uses them."""
        out_dir = Path(directory)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for p in self._packs:
            f = out_dir / f"{p.scenario or p.id}.yaml"
            f.write_text(_dump(p.data) if p.edited else p.text, encoding="utf-8")
            written.append(f)
        return written

    def __repr__(self) -> str:
        edited = [p.id for p in self._packs if p.edited]
        return f"<exportctl.RuleSet {len(self._packs)} packs" + (
            f", edited: {', '.join(edited)}>" if edited else ">")


def _dump(data: Any) -> str:
    return "# Written by exportctl.RuleSet.to_yaml (edited in Python).\n" + yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _walk(data: Any, path: str) -> Tuple[Any, Any]:
    steps: List[Tuple[str, str]] = []
    pos = 0
    for m in _STEP.finditer(path):
        if m.start() != pos and path[pos:m.start()] != ".":
            raise KeyError(f"bad path `{path}`")
        pos = m.end()
        steps.append(("key", m.group(1)) if m.group(1) is not None else ("sel", m.group(2)))
    if not steps or pos != len(path):
        raise KeyError(f"bad path `{path}`")
    node, parent, last = data, None, None
    for kind, s in steps:
        parent = node
        if kind == "key":
            if not isinstance(node, dict) or s not in node:
                raise KeyError(f"`{s}` not found in `{path}`")
            last = s
        else:
            if not isinstance(node, list):
                raise KeyError(f"`[{s}]` needs a list in `{path}`")
            last = _select(node, s, path)
        node = parent[last]
    return parent, last


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
