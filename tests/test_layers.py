"""The import direction of docs/ARCHITECTURE.md: lower layers never import higher ones."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "briefgen"
LAYERS = {
    "errors": 1, "model": 1, "records": 0,
    "config": 2, "countries": 2, "taxonomy": 2, "urls": 2, "worldmap": 2, "charts": 2, "briefing_file": 2,
    "load": 3, "markup": 3, "ingest": 3,
    "graph": 4,
    "views": 5, "render": 5, "feeds": 5, "search": 5,
    "write": 6, "uptodate": 6,
    "build": 7, "pipeline": 7,
    "watch": 8, "serve": 8, "publish": 8, "scaffold": 8,
    "cli": 9, "__main__": 9, "__init__": 0,
}


def module_layer(path: Path) -> tuple[str, int]:
    rel = path.relative_to(PACKAGE)
    top = rel.parts[0].removesuffix(".py")
    return top, LAYERS[top]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    depth_to_package = len(path.relative_to(PACKAGE).parts) - 1
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and node.module.startswith("briefgen."):
                names.add(node.module.split(".")[1])
            elif node.level > 0:
                if node.level - 1 == depth_to_package and node.module:
                    names.add(node.module.split(".")[0])
                elif node.level - 1 == depth_to_package and not node.module:
                    names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("briefgen."):
                    names.add(alias.name.split(".")[1])
    return names


def test_no_module_imports_a_higher_layer() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name, layer = module_layer(path)
        for imported in imported_modules(path):
            if imported in LAYERS and LAYERS[imported] > layer and imported != name:
                upward.append(f"{path.relative_to(PACKAGE)} (layer {layer}) imports {imported} (layer {LAYERS[imported]})")
    assert not upward, "\n".join(upward)


def test_every_module_has_a_layer() -> None:
    assert {module_layer(p)[0] for p in PACKAGE.rglob("*.py")} <= set(LAYERS)
