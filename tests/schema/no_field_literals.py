#!/usr/bin/python3
"""Fails when a shipment reader, writer or converter spells a shipment field name (a key of the
schema tables in include/exportctl/shipment_schema.hpp, or a shipment-lines column) as a string
literal: keys and columns must come from the tables, so that adding a field is one row there.

A literal counts when the name stands alone or as a path segment (`"items["`, `".quantity"`,
`"tpp"`); prose that mentions a key in backticks ("`contains` is nested too deeply") does not.
Comments are ignored, and so is a line marked `NOLINT(field-literal)` (prose that happens to be a
field name, say why next to it). Standard library only.

    tests/schema/no_field_literals.py SOURCE_DIR
"""
import os
import re
import sys

SCHEMA = "include/exportctl/shipment_schema.hpp"
# Every reader, writer and converter of shipments outside the schema files.
CHECKED = [
    "src/shipment/shipment_reader.cpp",
    "src/shipment/shipment_json.cpp",
    "src/shipment/shipment_json_fast.cpp",
    "src/shipment/shipment_json_fast.hpp",
    "src/shipment/shipment_lines.cpp",
    "src/engine/validate_limits.cpp",
    "bindings/python/src/convert.cpp",
    "bindings/python/src/lines.cpp",
    "bindings/python/exportctl/frame.py",
    "tests/unit/io/shipment_equal.hpp",
]

CPP_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
PY_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')


def field_names(root):
    text = open(os.path.join(root, SCHEMA), encoding="utf-8").read()
    names = set(re.findall(r'\{"(\w+)", field_type::', text))
    names |= set(re.findall(r'"(\w+)"', text.split("inline constexpr std::array<field<shipment>")[1]))
    names -= {"", "shipment_id_unused"}
    return {n for n in names if re.fullmatch(r"[a-z][a-z0-9_]*", n) and n not in
            {"none", "false", "today", "unknown", "empty", "nothing"}}


def strip_cpp_comments(line):
    out, i, in_str = [], 0, False
    while i < len(line):
        c = line[i]
        if in_str:
            out.append(c)
            if c == "\\":
                out.append(line[i + 1:i + 2])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif line.startswith("//", i):
            break
        else:
            out.append(c)
        i += 1
    return "".join(out)


def literals(path, text):
    if path.endswith(".py"):
        text = re.sub(r'"""(?:.|\n)*?"""', lambda m: "\n" * m.group(0).count("\n"), text)
        for n, line in enumerate(text.splitlines(), 1):
            if "NOLINT(field-literal)" in line:
                continue
            for m in PY_LITERAL.finditer(line):
                yield n, m.group(1) if m.group(1) is not None else m.group(2)
        return
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#include"):
            continue
        if "NOLINT(field-literal)" in line:
            continue
        for m in CPP_LITERAL.finditer(strip_cpp_comments(line)):
            yield n, m.group(1)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    names = field_names(root)
    if len(names) < 30:
        print(f"found only {len(names)} field names in {SCHEMA}: the parser needs updating")
        return 1
    segment = re.compile(r"(?:^|[.\[\]])(" + "|".join(sorted(names, key=len, reverse=True)) +
                         r")(?=$|[.\[\]])")
    bad = []
    for rel in CHECKED:
        path = os.path.join(root, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for n, lit in literals(rel, text):
            m = segment.search(lit)
            if m:
                bad.append(f"{rel}:{n}: \"{lit}\" spells the shipment field `{m.group(1)}`")
    for b in bad:
        print(b)
    if bad:
        print(f"{len(bad)} literal(s): take the name from the schema tables "
              f"({SCHEMA}) instead")
        return 1
    print(f"ok: {len(CHECKED)} files, {len(names)} field names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
