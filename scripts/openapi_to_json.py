#!/usr/bin/env python3
"""Converts the OpenAPI document (YAML, written by people) to the JSON the server embeds.

    scripts/openapi_to_json.py src/server/openapi/openapi.yaml build/api-docs/openapi.json

Run by the build (cmake/ApiDocs.cmake). Before writing, it checks the structure a hand-written
document most easily gets wrong, and exits non-zero naming every problem it finds:
  - `openapi` is 3.1.x, and `info` has a title and a version;
  - every operation has an operationId (unique across the document) and at least one response;
  - every {name} in a path is declared as a path parameter of each of its operations;
  - every $ref is local ("#/...") and resolves;
  - no mapping repeats a key (PyYAML would keep the last one silently).
Schemas themselves are not validated against JSON Schema here: the server's tests check the
document against the registered routes and real responses.
"""

import json
import re
import sys

import yaml  # Debian python3-yaml

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and reads YAML 1.1 dates and yes/no/on/off as text,
    so that everything it returns is plain JSON."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Only true/false are booleans; timestamps stay strings (JSON has no date type).
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def resolve_pointer(doc, ref):
    node = doc
    for part in ref[2:].split("/") if ref != "#" else []:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def check_refs(doc, node, where, problems):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#"):
                problems.append(f"{where}: $ref {ref!r} is not local; keep the document self-contained")
            elif resolve_pointer(doc, ref) is None:
                problems.append(f"{where}: $ref {ref!r} does not resolve")
        for key, value in node.items():
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            check_refs(doc, value, f"{where}/{escaped}", problems)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            check_refs(doc, value, f"{where}/{i}", problems)


def deref(doc, node):
    """Follows $ref chains (for parameters defined in components)."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
        target = resolve_pointer(doc, node["$ref"])
        if target is None:
            return node
        node, seen = target, seen + 1
    return node


def check(doc):
    problems = []
    if not isinstance(doc, dict):
        return ["the document is not a mapping"]
    version = doc.get("openapi")
    if not isinstance(version, str) or not re.fullmatch(r"3\.1\.\d+", version):
        problems.append(f"openapi must be 3.1.x (a string), not {version!r}")
    info = doc.get("info")
    if not isinstance(info, dict) or not info.get("title") or not info.get("version"):
        problems.append("info needs a title and a version")
    paths = doc.get("paths")
    if not isinstance(paths, dict) or not paths:
        problems.append("paths is missing or empty")
        paths = {}
    operation_ids = {}
    for path, item in paths.items():
        if not path.startswith("/"):
            problems.append(f"path {path!r} must start with '/'")
        if not isinstance(item, dict):
            problems.append(f"{path}: not a mapping")
            continue
        template = set(re.findall(r"\{([^}/]+)\}", path))
        shared = [deref(doc, p) for p in item.get("parameters", [])]
        operations = [m for m in item if m in METHODS]
        if not operations:
            problems.append(f"{path}: no operations")
        for method in operations:
            op = item[method]
            where = f"{method.upper()} {path}"
            if not isinstance(op, dict):
                problems.append(f"{where}: not a mapping")
                continue
            op_id = op.get("operationId")
            if not isinstance(op_id, str) or not op_id:
                problems.append(f"{where}: no operationId")
            elif op_id in operation_ids:
                problems.append(f"{where}: operationId {op_id!r} also used by {operation_ids[op_id]}")
            else:
                operation_ids[op_id] = where
            responses = op.get("responses")
            if not isinstance(responses, dict) or not responses:
                problems.append(f"{where}: no responses")
            params = shared + [deref(doc, p) for p in op.get("parameters", [])]
            declared = {p.get("name") for p in params if isinstance(p, dict) and p.get("in") == "path"}
            for name in sorted(template - declared):
                problems.append(f"{where}: path parameter {{{name}}} is not declared")
            for name in sorted(declared - template):
                problems.append(f"{where}: declares path parameter {name!r} that the path lacks")
    check_refs(doc, doc, "#", problems)
    return problems


def main(argv):
    if len(argv) != 3:
        print(f"usage: {argv[0]} INPUT.yaml OUTPUT.json", file=sys.stderr)
        return 2
    source, target = argv[1], argv[2]
    try:
        with open(source, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except (OSError, yaml.YAMLError) as e:
        print(f"{source}: {e}", file=sys.stderr)
        return 1
    problems = check(doc)
    if problems:
        for p in problems:
            print(f"{source}: {p}", file=sys.stderr)
        print(f"{source}: {len(problems)} problem(s); {target} not written", file=sys.stderr)
        return 1
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
    with open(target, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
