"""The core (everything outside gui/) never imports Qt."""

import ast
from pathlib import Path

import evidence_logger

PACKAGE = Path(evidence_logger.__file__).parent


def test_core_does_not_import_qt():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "gui" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6") for n in names):
                offenders.append(str(path))
    assert offenders == []


def test_every_subpackage_ships_in_the_wheel():
    import tomllib

    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(PACKAGE.parent).parts)
             for p in PACKAGE.rglob("__init__.py")}
    assert found <= listed, f"add to pyproject's packages: {sorted(found - listed)}"


def test_every_resource_folder_ships_in_the_wheel():
    import tomllib

    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    root = PACKAGE.parent / "resources"
    found = {".".join(("evidence_logger", "resources", *p.relative_to(root).parts))
             for p in [root, *root.rglob("*")] if p.is_dir() and p.name != "__pycache__"}
    assert found <= listed, f"add to pyproject's packages: {sorted(found - listed)}"


def test_resources_are_read_only_through_importlib_resources():
    """No module finds shipped files from its own location (that breaks in a wheel, a zip or a
    frozen build): paths.resource() is the one way in."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "__file__" in text and path.name != "i18n_qt.py":  # Qt's own translations folder
            offenders.append(str(path.relative_to(PACKAGE)))
        if "resources_dir" in text:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def _modules() -> list[tuple[str, ast.Module]]:
    return [(str(path.relative_to(PACKAGE)), ast.parse(path.read_text(encoding="utf-8")))
            for path in PACKAGE.rglob("*.py")]


def _imported(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_paths_are_decided_only_in_paths_py():
    """No module but paths.py asks the system where things live."""
    offenders = []
    for name, tree in _modules():
        if name == "paths.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and (
                    (node.attr == "home" and getattr(node.value, "id", "") == "Path")
                    or node.attr in ("gettempdir", "writableLocation", "user_data_dir",
                                     "user_documents_dir")):
                offenders.append(f"{name}:{node.lineno}")
            elif isinstance(node, ast.Name) and node.id in ("QStandardPaths", "platformdirs"):
                offenders.append(f"{name}:{node.lineno}")
        if any(n.split(".")[0] == "platformdirs" for n in _imported(tree)) or \
                "evidence_logger.paths.data_dir" in _imported(tree):
            offenders.append(name)
    assert offenders == []


def test_the_dossier_and_the_bundle_do_not_import_each_other():
    """The evidence root lives in its own module, used by both; report/ never imports bundle/,
    bundle/ never imports report/ (exporting.py puts the dossier into the bundle)."""
    offenders = [name for name, tree in _modules()
                 for this, other in (("report", "bundle"), ("bundle", "report"))
                 if name.startswith(this + "/")
                 and any(n.startswith(f"evidence_logger.{other}") for n in _imported(tree))]
    assert offenders == []


def test_the_window_changes_the_case_only_through_the_session():
    writers = {"evidence_logger.rules.profile.set_param", "evidence_logger.parties.set_party",
               "evidence_logger.debts.add_debt", "evidence_logger.db.transaction",
               "evidence_logger.custody", "evidence_logger.custody.append",
               "evidence_logger.debts.set_rank", "evidence_logger.way_out.budget.set_budget",
               "evidence_logger.way_out.negotiations.add_negotiation"}
    offenders = [name for name, tree in _modules() if name.startswith("gui")
                 and name != "gui/session.py" and _imported(tree) & writers]
    assert offenders == []


def test_the_language_is_told_apart_in_one_place():
    """Only i18n.Language reads a language code's spelling (no startswith("zh") elsewhere)."""
    offenders = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "startswith" \
                    and any(isinstance(a, ast.Constant) and a.value == "zh" for a in node.args) \
                    and name != "i18n.py":
                offenders.append(f"{name}:{node.lineno}")
    assert offenders == []
