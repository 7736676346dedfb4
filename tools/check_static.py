#!/usr/bin/env python3
"""Static checks for the protect_engagement addon; needs neither Odoo nor a database.

Usage: python3 tools/check_static.py [ADDON_DIR]
(ADDON_DIR defaults to $ADDON_DIR, else the repository root, which is the addon.)

Checks:
  * __manifest__.py parses (ast.literal_eval) and has the keys Odoo 19 needs;
  * every file listed under data / demo exists, and every asset path of this
    addon matches at least one file;
  * every XML file is well-formed; every Python file compiles;
  * security/ir.model.access.csv names models the addon defines or extends (or,
    with a module prefix, models of a dependency) and groups the addon's XML
    defines (or base./dependency groups); every new model has an access line;
  * every sudo() in the addon's code (not tools/, not tests/) has a comment
    saying why, a "# sudo ..." line just above it (doc/security.md).

Prints one line per problem and a summary; exits 1 when there are errors.
"""

from __future__ import annotations

import ast
import csv
import glob
import io
import os
import re
import sys
import tokenize
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

MODULE = "protect_engagement"
# Folders that are not part of the addon's own sources.
SKIP_DIRS = {".git", "build", "node_modules", "__pycache__", ".ruff_cache", ".ci"}
# Python outside the addon proper (build tooling) or test code: no models there.
NON_MODEL_DIRS = {"tools", "tests"}
VERSION_RE = re.compile(r"^19\.0\.\d+\.\d+\.\d+$")
ACCESS_COLUMNS = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]
# Folders whose XML/CSV files are data files that only load when the manifest
# lists them.
DATA_DIRS = {"data", "demo", "views", "security", "reports", "report", "wizards"}


@dataclass
class Report:
    root: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def error(self, where: str, msg: str) -> None:
        self.errors.append(f"ERROR   {where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"WARNING {where}: {msg}")


@dataclass
class PyModels:
    """What the addon's Python declares."""

    new: dict[str, str] = field(default_factory=dict)  # _name -> file (concrete)
    abstract: set[str] = field(default_factory=set)
    touched: set[str] = field(default_factory=set)  # every _name and _inherit


def iter_files(root: Path, suffix: str):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name.endswith(suffix):
                yield Path(dirpath, name)


# --- manifest ---------------------------------------------------------------------
def check_manifest(rep: Report) -> dict:
    path = rep.root / "__manifest__.py"
    if not path.is_file():
        rep.error("__manifest__.py", "missing: this folder is not an Odoo addon")
        return {}
    try:
        manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
    except (ValueError, SyntaxError) as exc:
        rep.error("__manifest__.py", f"does not parse as a literal dict: {exc}")
        return {}
    if not isinstance(manifest, dict):
        rep.error("__manifest__.py", "is not a dict")
        return {}
    if not (rep.root / "__init__.py").is_file():
        rep.error("__init__.py", "missing at the addon root")
    for key in ("name", "version", "license", "depends"):
        if key not in manifest:
            rep.error("__manifest__.py", f"missing key '{key}'")
    version = manifest.get("version", "")
    if version and not VERSION_RE.match(str(version)):
        rep.error("__manifest__.py", f"version '{version}' is not 19.0.x.y.z")
    depends = manifest.get("depends", [])
    if not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
        rep.error("__manifest__.py", "'depends' must be a list of module names")
    if manifest.get("installable", True) is False:
        rep.warn("__manifest__.py", "installable is False: Odoo will not install it")

    listed: dict[str, str] = {}
    for key in ("data", "demo"):
        files = manifest.get(key, [])
        if not isinstance(files, list):
            rep.error("__manifest__.py", f"'{key}' must be a list")
            continue
        for rel in files:
            where = f"__manifest__.py[{key}]"
            if rel in listed:
                rep.error(where, f"'{rel}' is listed twice (also in '{listed[rel]}')")
            listed[rel] = key
            if not (rep.root / rel).is_file():
                rep.error(where, f"'{rel}' does not exist")
            elif not rel.endswith((".xml", ".csv", ".sql")):
                rep.warn(where, f"'{rel}' is not .xml, .csv or .sql")
    check_assets(rep, manifest.get("assets", {}))
    check_unlisted(rep, listed)
    rep.notes.append(
        f"manifest: version {version}, {len(manifest.get('data', []))} data, "
        f"{len(manifest.get('demo', []))} demo files"
    )
    return manifest


def check_assets(rep: Report, assets) -> None:
    if not isinstance(assets, dict):
        rep.error("__manifest__.py[assets]", "must be a dict of bundle -> list")
        return
    for bundle, entries in assets.items():
        for entry in entries:
            # Entries are "path/glob" or ("directive", [target,] path).
            if isinstance(entry, list | tuple):
                directive, *args = entry
                if directive == "include" or not args:
                    continue  # includes name another bundle, not a file
                entry = args[-1]
            if not isinstance(entry, str) or "://" in entry:
                continue
            module, _, rel = entry.lstrip("/").partition("/")
            if module != MODULE:
                continue  # another addon's file: Odoo checks it at load time
            if glob.glob(str(rep.root / rel), recursive=True):
                continue
            where = f"__manifest__.py[assets][{bundle}]"
            if glob.has_magic(rel):  # Odoo only logs a warning for an empty glob
                rep.warn(where, f"'{entry}' matches no file yet")
            else:
                rep.error(where, f"'{entry}' does not exist")


def check_unlisted(rep: Report, listed: dict[str, str]) -> None:
    """XML/CSV in data folders that the manifest forgets are silently not loaded."""
    for suffix in (".xml", ".csv"):
        for path in iter_files(rep.root, suffix):
            rel = path.relative_to(rep.root).as_posix()
            if rel.split("/")[0] in DATA_DIRS and rel not in listed:
                rep.warn(rel, "not listed in the manifest's data or demo: never loaded")


# --- XML --------------------------------------------------------------------------
def check_xml(rep: Report) -> set[str]:
    """Parse every XML file; return the ids of res.groups records defined."""
    groups: set[str] = set()
    count = 0
    for path in iter_files(rep.root, ".xml"):
        count += 1
        rel = path.relative_to(rep.root).as_posix()
        try:
            tree = ET.parse(path)
        except ET.ParseError as exc:
            rep.error(rel, f"malformed XML: {exc}")
            continue
        for rec in tree.iter("record"):
            if rec.get("model") == "res.groups" and rec.get("id"):
                groups.add(rec.get("id"))
    rep.notes.append(f"xml: {count} files well-formed, {len(groups)} groups")
    return groups


# --- Python -----------------------------------------------------------------------
def _str_or_list(node) -> list[str]:
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def check_python(rep: Report) -> PyModels:
    models = PyModels()
    for path in iter_files(rep.root, ".py"):
        rel = path.relative_to(rep.root).as_posix()
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        except SyntaxError as exc:
            rep.error(f"{rel}:{exc.lineno}", f"syntax error: {exc.msg}")
            continue
        if rel.split("/")[0] in NON_MODEL_DIRS:
            continue
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            attrs = {}
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    target = stmt.targets[0]
                    if isinstance(target, ast.Name):
                        attrs[target.id] = stmt.value
            names = _str_or_list(attrs["_name"]) if "_name" in attrs else []
            inherits = _str_or_list(attrs["_inherit"]) if "_inherit" in attrs else []
            models.touched.update(names, inherits)
            if not names or names[0] in inherits:
                continue  # pure extension of an existing model
            bases = {ast.unparse(b).rsplit(".", 1)[-1] for b in cls.bases}
            if "AbstractModel" in bases:
                models.abstract.add(names[0])
            else:
                models.new[names[0]] = rel
    rep.notes.append(
        f"python: {len(models.new)} new models, {len(models.touched)} models touched"
    )
    return models


# --- sudo() -----------------------------------------------------------------------
# How far above a sudo() its "# sudo ..." comment may be: the statement it is in
# may start a few lines higher.
SUDO_COMMENT_WINDOW = 8


def _sudo_calls(source: str):
    """(line numbers of the code's .sudo() calls, {line number: comment text})."""
    calls, comments = [], {}
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for index, token in enumerate(tokens):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string
        elif (
            token.type == tokenize.NAME
            and token.string == "sudo"
            and index
            and tokens[index - 1].string == "."
            and index + 1 < len(tokens)
            and tokens[index + 1].string == "("
        ):
            calls.append(token.start[0])
    return calls, comments


def check_sudo(rep: Report) -> None:
    """Every sudo() is a decision, written down next to it."""
    count = 0
    for path in iter_files(rep.root, ".py"):
        rel = path.relative_to(rep.root).as_posix()
        if rel.split("/")[0] in NON_MODEL_DIRS | {"migrations"}:
            continue
        try:
            calls, comments = _sudo_calls(path.read_text(encoding="utf-8"))
        except (tokenize.TokenError, SyntaxError):
            continue  # reported by check_python
        for number in calls:
            count += 1
            if not any(
                "sudo" in comments.get(line, "").lower()
                for line in range(number - SUDO_COMMENT_WINDOW, number + 1)
            ):
                rep.error(
                    f"{rel}:{number}",
                    "sudo() without a '# sudo ...' comment saying why "
                    "(see doc/security.md)",
                )
    rep.notes.append(f"sudo: {count} calls, each with its reason")


# --- ir.model.access.csv ----------------------------------------------------------
def _xmlid_model(model: str) -> str:
    return "model_" + model.replace(".", "_")


def _check_model_ref(rep, where, ref, local_models, depends) -> str | None:
    """Check a model_id:id value; return the addon model it covers, if any."""
    module, _, xmlid = ref.rpartition(".")
    if not xmlid.startswith("model_"):
        rep.error(where, f"model_id:id '{ref}' is not a model_<name> id")
    elif module in ("", MODULE):
        if xmlid in local_models:
            return local_models[xmlid]
        rep.error(
            where,
            f"model_id:id '{ref}': no model '{xmlid[6:]}' (dots as _) is defined or"
            " extended by the addon's Python; use '<module>.model_...' for a model"
            " of another module",
        )
    elif module not in depends:
        rep.warn(where, f"model_id:id '{ref}': '{module}' is not in depends")
    return None


def _check_group_ref(rep, where, ref, groups, depends) -> None:
    module, _, xmlid = ref.rpartition(".")
    if not ref:
        return  # no group: the line applies to every user
    if module in ("", MODULE):
        if xmlid not in groups:
            rep.error(
                where,
                f"group_id:id '{ref}' is not a res.groups record in the addon's XML",
            )
    elif module not in depends:
        rep.error(where, f"group_id:id '{ref}': '{module}' is not in depends")


def check_access(rep: Report, manifest: dict, models: PyModels, groups: set) -> None:
    rel = "security/ir.model.access.csv"
    path = rep.root / rel
    if not path.is_file():
        if models.new:
            rep.error(rel, f"missing, but the addon defines {sorted(models.new)}")
        return
    if rel not in manifest.get("data", []):
        rep.error("__manifest__.py[data]", f"'{rel}' is not listed")
    depends = set(manifest.get("depends", [])) | {"base"}
    local_models = {_xmlid_model(m): m for m in models.touched}
    covered: set[str] = set()
    seen_ids: set[str] = set()
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = [h.replace("/id", ":id") for h in (reader.fieldnames or [])]
        missing = [c for c in ACCESS_COLUMNS if c not in header]
        if missing:
            rep.error(f"{rel}:1", f"header lacks columns {missing}")
            return
        reader.fieldnames = header
        for lineno, row in enumerate(reader, start=2):
            where = f"{rel}:{lineno}"
            row = {k: (v or "").strip() for k, v in row.items() if k}
            if not row["id"]:
                rep.error(where, "empty id")
            elif row["id"] in seen_ids:
                rep.error(where, f"duplicate id '{row['id']}'")
            seen_ids.add(row["id"])
            model = _check_model_ref(
                rep, where, row["model_id:id"], local_models, depends
            )
            covered.add(model)
            _check_group_ref(rep, where, row["group_id:id"], groups, depends)
            for perm in ACCESS_COLUMNS[4:]:
                if row[perm].lower() not in ("0", "1", "true", "false"):
                    rep.error(where, f"{perm} must be 0 or 1, not '{row[perm]}'")
    for model, file in sorted(models.new.items()):
        if model not in covered:
            rep.error(rel, f"no access line for model '{model}' (defined in {file})")
    rep.notes.append(f"access: {len(seen_ids)} lines")


def main(argv: list[str]) -> int:
    default = os.environ.get("ADDON_DIR") or Path(__file__).resolve().parent.parent
    root = Path(argv[1] if len(argv) > 1 else default).resolve()
    rep = Report(root)
    manifest = check_manifest(rep)
    groups = check_xml(rep)
    models = check_python(rep)
    check_sudo(rep)
    if manifest:
        check_access(rep, manifest, models, groups)

    print(f"check_static: {MODULE} at {root}")
    for line in rep.errors + rep.warnings:
        print("  " + line)
    print(
        f"check_static: {len(rep.errors)} error(s), {len(rep.warnings)} warning(s)"
        + ("" if rep.errors else " — " + "; ".join(rep.notes))
    )
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
