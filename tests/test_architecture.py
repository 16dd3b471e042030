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
