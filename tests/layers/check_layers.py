#!/usr/bin/env python3
"""Checks every #include of src/, include/ and bindings/python/src/ against src/layers.txt.

    check_layers.py [ROOT]      check the tree at ROOT (default: the repository)
    check_layers.py --self-test check that bad trees are caught (temporary trees)

Rules: a file may include its own unit, lower layers and the public headers; siblings (units on
one line) may not include each other; front ends include public headers and their own folder
only (except the `allow` lines); public headers include the standard library and other public
headers only; a third-party library declared with `third` is included by its listed files only;
every folder of src/ is declared. Exit 1 and one line per violation otherwise.
"""
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
SOURCES = (".hpp", ".cpp", ".h", ".c")


def parse_layers(path):
    layers, front, allow, part, third = [], [], set(), {}, {}
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.split("#", 1)[0].split()
        if not line:
            continue
        if line[0] == "front":
            front += line[1:]
        elif line[0] == "part":
            if len(line) != 3:
                raise SystemExit(f"{path}:{n}: `part FOLDER/STEM UNIT`")
            part[line[1]] = line[2]
        elif line[0] == "third":
            if len(line) < 3:
                raise SystemExit(f"{path}:{n}: `third HEADER-PREFIX FILE...`")
            third[line[1]] = set(line[2:])
        elif line[0] == "allow":
            if len(line) != 3:
                raise SystemExit(f"{path}:{n}: `allow FILE HEADER`")
            allow.add((line[1], line[2]))
        else:
            layers.append(line)
    rank = {}
    for i, units in enumerate(layers):
        for u in units:
            if u in rank:
                raise SystemExit(f"{path}: unit `{u}` declared twice")
            rank[u] = i
    for stem, unit in part.items():
        if unit not in rank:
            raise SystemExit(f"{path}: `part {stem} {unit}`: `{unit}` is not a declared unit")
        rank[stem] = rank[unit]
    return rank, front, allow, part, third


def unit_of(rel, rank, part):
    """The unit of a path relative to src/: its folder, or for a `part` file the unit it is part
    of, or the stem when the stem is a unit of its own ("conditions/condition.hpp")."""
    stem = os.path.splitext(rel)[0]
    if stem in part:
        return part[stem]
    if stem in rank:
        return stem
    return rel.split("/", 1)[0] if "/" in rel else None


def files(root, top):
    base = os.path.join(root, top)
    for d, _, names in os.walk(base):
        for f in sorted(names):
            if f.endswith(SOURCES):
                p = os.path.join(d, f)
                yield os.path.relpath(p, base).replace(os.sep, "/"), p


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield n, m.group(1), m.group(2)


def check(root):
    rank, front, allow, part, third = parse_layers(os.path.join(root, "src", "layers.txt"))
    errors, used = [], set()

    # Each declared third-party library stays in the files that own it.
    for top in ("src", "bindings/python/src"):
        for rel, path in files(root, top):
            full = rel if top == "src" else "bindings/python/src/" + rel
            for n, kind, inc in includes(path):
                for prefix, owners in third.items():
                    if kind == "<" and inc.startswith(prefix) and full not in owners:
                        errors.append(f"{top}/{rel}:{n}: includes <{inc}>, which only "
                                      f"{', '.join(sorted(owners))} may include")

    def front_unit(rel):
        for f in front:
            if rel == f or rel.startswith(f + "/"):
                return f
        return None

    src = os.path.join(root, "src")
    for d in sorted(os.listdir(src)):
        if os.path.isdir(os.path.join(src, d)) and d not in rank and not front_unit(d):
            if any(unit_of(d + "/" + r, rank, part) not in rank for r, _ in files(src, d)):
                errors.append(f"src/{d}/: folder not declared in src/layers.txt")

    # Library files.
    for rel, path in files(root, "src"):
        if front_unit(rel):
            continue
        me = unit_of(rel, rank, part)
        if me not in rank:
            errors.append(f"src/{rel}: not in a declared layer")
            continue
        for n, kind, inc in includes(path):
            if kind == "<" or inc.startswith("exportctl/") or inc == "exportctl.h":
                continue
            if not os.path.exists(os.path.join(src, inc)):
                continue  # a header beside the file or generated; not a layer edge
            them = unit_of(inc, rank, part)
            if them == me:
                continue
            if them not in rank:
                errors.append(f"src/{rel}:{n}: includes `{inc}` of an undeclared unit")
            elif rank[them] > rank[me]:
                errors.append(f"src/{rel}:{n}: `{me}` includes `{inc}` of the higher layer `{them}`")
            elif rank[them] == rank[me]:
                errors.append(f"src/{rel}:{n}: `{me}` includes `{inc}` of its sibling `{them}`")

    # Front ends: public headers and their own folder (the bindings' own headers sit beside).
    for top in ("src", "bindings/python/src"):
        for rel, path in files(root, top):
            full = rel if top == "src" else "bindings/python/src/" + rel
            me = front_unit(full)
            if not me:
                continue
            for n, kind, inc in includes(path):
                if kind == "<" or inc.startswith("exportctl/") or inc == "exportctl.h":
                    continue
                if inc.startswith(me + "/") or os.path.exists(os.path.join(os.path.dirname(path), inc)):
                    continue
                if (full, inc) in allow:
                    used.add((full, inc))
                    continue
                errors.append(f"{top}/{rel}:{n}: front end `{me}` includes the internal header `{inc}`")
    for f, inc in sorted(allow - used):
        errors.append(f"src/layers.txt: `allow {f} {inc}` no longer occurs; remove it")

    # Public headers: the standard library and other public headers only.
    for rel, path in files(root, "include"):
        for n, kind, inc in includes(path):
            if kind == '"' and not (inc.startswith("exportctl/") or inc == "exportctl.h"):
                errors.append(f"include/{rel}:{n}: public header includes `{inc}`")
            if kind == "<" and "/" in inc:
                errors.append(f"include/{rel}:{n}: public header includes third-party <{inc}>")
    return errors


def self_test():
    """Each bad tree must be caught, the good one must pass."""
    layers = ("model\ndoc\nrules\npart conditions/reader rules\nclassify screening\nengine\n"
              "front cli\nthird unicode/ screening/s.hpp\n")
    good = {
        "src/model/a.hpp": "#include <vector>\n#include \"exportctl/x.hpp\"\n",
        "src/doc/d.hpp": "#include \"model/a.hpp\"\n",
        "src/rules/r.hpp": "#include \"doc/d.hpp\"\n",
        "src/conditions/reader.cpp": "#include \"rules/r.hpp\"\n",
        "src/classify/c.hpp": "#include \"rules/r.hpp\"\n",
        "src/screening/s.hpp": "#include \"model/a.hpp\"\n#include <unicode/uchar.h>\n",
        "src/engine/e.cpp": "#include \"classify/c.hpp\"\n#include \"screening/s.hpp\"\n",
        "src/cli/main.cpp": "#include \"exportctl/x.hpp\"\n#include \"cli/own.hpp\"\n",
        "src/cli/own.hpp": "",
        "include/exportctl/x.hpp": "#include <string>\n",
    }
    bad = {
        "lower includes higher": {"src/rules/r.hpp": "#include \"engine/e.cpp\"\n"},
        "sibling include": {"src/classify/c.hpp": "#include \"screening/s.hpp\"\n"},
        "stem unit above its folder's layer": {"src/doc/d.hpp": "#include \"conditions/reader.cpp\"\n"},
        "front end includes an internal header": {"src/cli/main.cpp": "#include \"model/a.hpp\"\n"},
        "undeclared folder": {"src/ledger/l.cpp": "#include \"model/a.hpp\"\n"},
        "public header includes internals": {"include/exportctl/x.hpp": "#include \"model/a.hpp\"\n"},
        "a declared library outside its files": {"src/classify/c.hpp": "#include <unicode/uchar.h>\n"},
        "public header includes a third-party header": {"include/exportctl/x.hpp": "#include <fmt/format.h>\n"},
    }

    def run(changes, extra_layers=""):
        with tempfile.TemporaryDirectory() as root:
            tree = dict(good)
            tree.update(changes)
            tree["src/layers.txt"] = layers + extra_layers
            for rel, text in tree.items():
                os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
                with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                    f.write(text)
            return check(root)

    failures = []
    if run({}):
        failures.append(f"the good tree fails: {run({})}")
    for name, changes in bad.items():
        if not run(changes):
            failures.append(f"not caught: {name}")
    # An allow line lets one front-end include through, and a stale one fails.
    if run({"src/cli/main.cpp": "#include \"model/a.hpp\"\n"}, "allow cli/main.cpp model/a.hpp\n"):
        failures.append("an allowed front-end include fails")
    if not run({}, "allow cli/main.cpp model/a.hpp\n"):
        failures.append("a stale allow line is not caught")
    for f in failures:
        print(f"self-test: {f}")
    print(f"self-test: {len(bad) + 3} cases, {len(failures)} failed")
    return 1 if failures else 0


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    errors = check(os.path.abspath(root))
    for e in errors:
        print(e)
    print(f"{len(errors)} layer violation(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
