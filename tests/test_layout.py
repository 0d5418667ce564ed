"""The engine's layout shows its stages: each stage imports only the ones before it."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "sitegen"
# source ← site ← render ← output ← incremental ← pipeline ← editor ← cli; the shared modules come first.
ORDER = ["shared", "source", "site", "render", "output", "incremental", "pipeline", "editor", "cli"]
SHARED = {"sitegen", "sitegen.problems", "sitegen.messages", "sitegen.dates", "sitegen.durable"}


def stage_of(module: str) -> str:
    """The stage of an engine module: its package under sitegen/, or its own name at the top."""
    if module in SHARED:
        return "shared"
    parts = module.split(".")
    return parts[1] if parts[1] in ORDER else "?"


def engine_imports(path: Path) -> set[str]:
    """The sitegen modules a file imports, relative imports resolved."""
    package = ["sitegen", *path.relative_to(ENGINE).parent.parts]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(name)
            found |= {f"{name}.{alias.name}" for alias in node.names if _is_module(f"{name}.{alias.name}")}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name == "sitegen" or name.startswith("sitegen.")}


def _is_module(name: str) -> bool:
    """Whether `name` (`sitegen.site.assemble`) is a module or package of the engine."""
    place = ENGINE.parent / name.replace(".", "/")
    return place.with_suffix(".py").is_file() or place.is_dir()


def module_name(path: Path) -> str:
    parts = ["sitegen", *path.relative_to(ENGINE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_module_belongs_to_a_stage():
    assert {stage_of(module_name(p)) for p in ENGINE.rglob("*.py")} <= set(ORDER)


def test_no_stage_imports_a_later_one():
    backward = []
    for path in sorted(ENGINE.rglob("*.py")):
        own = ORDER.index(stage_of(module_name(path)))
        for imported in sorted(engine_imports(path)):
            if ORDER.index(stage_of(imported)) > own:
                backward.append(f"{module_name(path)} imports {imported}")
    assert backward == []


def test_the_check_sees_a_backward_import(tmp_path):
    """The check above can fail: a site module importing the renderer is caught."""
    assert stage_of("sitegen.site.assemble") == "site"
    assert ORDER.index(stage_of("sitegen.render.pages")) > ORDER.index(stage_of("sitegen.site.assemble"))
    assert "sitegen.render.pages" in engine_imports(ENGINE / "pipeline.py") or "sitegen.render" in str(
        engine_imports(ENGINE / "pipeline.py")
    )
