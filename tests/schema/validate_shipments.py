#!/usr/bin/python3
"""Every example and golden shipment validates against docs/shipment.schema.json, and the fuzz
dictionary (tests/fuzz/shipment.dict) names every key of it. The JSON Schema is generated from
the schema tables (tests/unit/shipment/schema_test.cpp checks that), so this ties the examples
and the dictionary to the tables too.

A small validator for the subset of JSON Schema the file uses ($ref to #/$defs, type, enum,
required, properties, additionalProperties, items, minimum, minLength, maxLength, pattern). YAML
dates are given back as text, as exportctl reads them. Standard library and PyYAML (python3-yaml).

    tests/schema/validate_shipments.py SOURCE_DIR
"""
import datetime
import glob
import json
import os
import re
import sys

import yaml

TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}
KNOWN = {"$ref", "type", "enum", "required", "properties", "additionalProperties", "items",
         "minimum", "minLength", "maxLength", "pattern", "description", "$defs", "$schema",
         "title"}


def errors(schema, root, value, path="$"):
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        yield from errors(root["$defs"][name], root, value, path)
    unknown = set(schema) - KNOWN
    if unknown:
        raise ValueError(f"the validator does not know {sorted(unknown)}")
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(TYPES[t](value) for t in types):
            yield f"{path}: expected {'/'.join(types)}, got {value!r}"
            return
    if "enum" in schema and value not in schema["enum"]:
        yield f"{path}: {value!r} is not one of {schema['enum']}"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "minimum" in schema:
        if value < schema["minimum"]:
            yield f"{path}: {value} is below {schema['minimum']}"
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            yield f"{path}: shorter than {schema['minLength']} characters"
        if "maxLength" in schema and len(value.encode()) > schema["maxLength"]:
            yield f"{path}: longer than {schema['maxLength']} bytes"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            yield f"{path}: {value!r} does not match {schema['pattern']}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                yield f"{path}: missing required key `{key}`"
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, v in value.items():
            if key in props:
                yield from errors(props[key], root, v, f"{path}.{key}")
            elif extra is False:
                yield f"{path}: unknown key `{key}`"
            elif isinstance(extra, dict):
                yield from errors(extra, root, v, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            yield from errors(schema["items"], root, v, f"{path}[{i}]")


def as_read(value):
    """YAML dates as exportctl reads them: text."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): as_read(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_read(v) for v in value]
    return value


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    with open(os.path.join(root, "docs", "shipment.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    failed = []
    files = sorted(glob.glob(os.path.join(root, "examples", "*.yaml")) +
                   glob.glob(os.path.join(root, "tests", "golden", "decisions", "*.yaml")))
    if len(files) < 40:
        failed.append(f"only {len(files)} example and golden shipments found")
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = as_read(yaml.safe_load(f))
        for e in errors(schema, schema, doc):
            failed.append(f"{os.path.relpath(path, root)}: {e}")

    # The validator can fail: a misspelt key, a missing quantity and a negative number.
    good = as_read(yaml.safe_load(open(files[0], encoding="utf-8")))
    for bad in (dict(good, transfer=good["transfers"]),
                dict(good, items=[{"product": "x"}]),
                dict(good, items=[{"quantity": 1, "specs": {"tpp": -1}}]),
                dict(good, items=[{"product": "x", "quantity": 1, "serials": ["A", ""]}]),
                dict(good, items=[{"product": "x", "quantity": 1, "serials": "A"}])):
        if not list(errors(schema, schema, bad)):
            failed.append(f"the validator accepts a bad shipment: {bad}")

    # The fuzz dictionary names every key.
    keys = {k for d in schema["$defs"].values() for k in d["properties"]}
    with open(os.path.join(root, "tests", "fuzz", "shipment.dict"), encoding="utf-8") as f:
        tokens = set(re.findall(r'^"([^"]*)"', f.read(), re.M))
    for k in sorted(keys):
        if f"{k}:" not in tokens:
            failed.append(f"tests/fuzz/shipment.dict lacks \"{k}:\"")

    for line in failed:
        print(line)
    if failed:
        return 1
    print(f"ok: {len(files)} shipments valid, {len(keys)} keys in the fuzz dictionary")
    return 0


if __name__ == "__main__":
    sys.exit(main())
