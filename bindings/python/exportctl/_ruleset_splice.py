"""Editing a pack's YAML text in place, for RuleSet.override.

An edited pack used to be re-serialized whole (yaml.dump), so a diagnostic about an edited
value pointed at a line of a text the user never saw, and every comment was lost. Here only the
edited node is rewritten: its new value goes, in flow style, where the old value started (on
the key's line), and the lines it used to span are kept as blank lines, so every other line
stays where it was in the pack file and a diagnostic's line is the file's line.
"""
from __future__ import annotations

from typing import Any, List, Optional, Sequence, Tuple, Union

import yaml

Step = Union[str, int]


def _content_end(node: yaml.Node) -> int:
    """Where the node's own text ends. A block collection's end mark is the next token's
    position (past comments and the next line's indentation), so its last child decides."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style:
        return node.end_mark.index
    children = node.value if isinstance(node, yaml.SequenceNode) else [v for _, v in node.value]
    return _content_end(children[-1]) if children else node.end_mark.index


def _locate(root: yaml.Node, steps: Sequence[Step]) -> Optional[Tuple[Optional[yaml.Node],
                                                                        yaml.Node]]:
    """(key node or None for a list element, value node) at `steps`, or None."""
    node: yaml.Node = root
    key: Optional[yaml.Node] = None
    for s in steps:
        if isinstance(node, yaml.MappingNode) and isinstance(s, str):
            found = [(k, v) for k, v in node.value
                     if isinstance(k, yaml.ScalarNode) and k.value == s]
            if len(found) != 1:
                return None
            key, node = found[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(s, int) and s < len(node.value):
            key, node = None, node.value[s]
        else:
            return None
    return key, node


def flow_text(value: Any, dumper: Any) -> Optional[str]:
    """`value` as one line of flow-style YAML that is valid inside a flow collection too (it
    is dumped as the element of a one-element list, then the brackets are taken off)."""
    text = yaml.dump([value], Dumper=dumper, default_flow_style=True, width=1 << 30,
                     allow_unicode=True, sort_keys=False).rstrip("\n")
    if not (text.startswith("[") and text.endswith("]")) or "\n" in text:
        return None
    return text[1:-1]


def splice(text: str, steps: Sequence[Step], value: Any, expected: Any, loader: Any,
           dumper: Any) -> Optional[Tuple[str, int]]:
    """`text` with the node at `steps` (concrete keys and list positions) replaced by `value`:
    (the new text, 1-based line of the new value). None when that cannot be done faithfully:
    the new text must read back as `expected` (the whole pack after the edit) and keep the
    number of lines; the caller then re-serializes the pack."""
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return None
    found = _locate(root, steps) if root is not None else None
    new = flow_text(value, dumper)
    if found is None or new is None:
        return None
    key, node = found
    # After a key the value goes on the key's line (`key: value` is valid whatever the old
    # value's layout was); a list element keeps its place after its `- `.
    start = key.end_mark.index if key is not None else node.start_mark.index
    end = _content_end(node)
    old = text[start:end]
    breaks = old.count("\n")
    piece = (": " if key is not None else "") + new
    if breaks:  # keep the spanned lines (empty) and the rest of the last one at its column
        eol = text.find("\n", end)
        rest = text[end:] if eol < 0 else text[end:eol]
        piece += "\n" * breaks
        if rest.strip():
            piece += " " * (end - (text.rfind("\n", 0, end) + 1))
        else:
            end += len(rest)  # nothing but spaces: drop them
    out = text[:start] + piece + text[end:]
    try:
        if yaml.load(out, Loader=loader) != expected:
            return None
    except yaml.YAMLError:
        return None
    if out.count("\n") != text.count("\n"):
        return None
    line = (key.start_mark.line if key is not None else node.start_mark.line) + 1
    return out, line


def trailer(edits: List[str]) -> str:
    """The comment appended to an edited pack's text: the edits, one a line. At the end, so
    that it shifts no line of the pack."""
    lines = ["# Edited by exportctl.RuleSet (in Python); the edits, in order:"]
    lines += ["#   " + e.replace("\r", "\\r").replace("\n", "\\n") for e in edits]
    return "\n".join(lines) + "\n"
