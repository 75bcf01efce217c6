"""The core never depends on the UI: only the console layer may import textual.

Scripts, the CLI and monitoring use the core without loading textual; the
console (``warroom/app.py``, ``warroom/screens/``, ``warroom/widgets/``) sits on
top. Both a static check (every import statement in every file) and a runtime
check (import all core modules in a fresh interpreter) guard that line.
"""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import warroom

PACKAGE = Path(warroom.__file__).resolve().parent
ROOT = PACKAGE.parent
UI_MODULES = ("warroom.app", "warroom.screens", "warroom.widgets")
# Importing __main__ runs the command line; it only re-exports warroom.cli.main.
NOT_IMPORTABLE = ("warroom.__main__",)


def _is_textual(name: str | None) -> bool:
    return name is not None and (name == "textual" or name.startswith("textual."))


def _is_ui(module: str) -> bool:
    return any(module == ui or module.startswith(ui + ".") for ui in UI_MODULES)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _textual_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every import of textual anywhere in the file, including inside functions."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names if _is_textual(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _is_textual(node.module):
            found.append((node.lineno, f"from {node.module} import ..."))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in (
                "import_module",
                "__import__",
            )
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and _is_textual(node.args[0].value)
        ):
            found.append((node.lineno, f"dynamic import of {node.args[0].value}"))
    return found


def test_the_detector_sees_every_form_of_import() -> None:
    source = (
        "import os, textual.app\n"
        "from textual.widgets import Static\n"
        "def later():\n"
        "    import textual\n"
        "    from textual import on\n"
        "    importlib.import_module('textual.screen')\n"
        "from texting import x\n"
        "import textualize\n"
    )
    assert [line for line, _ in _textual_imports(ast.parse(source))] == [1, 2, 4, 5, 6]


def test_core_modules_do_not_import_textual() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    core = [f for f in files if not _is_ui(_module_name(f))]
    assert any(f.name == "sqlite.py" for f in core) and any(f.name == "main.py" for f in core)
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in core
        for line, what in _textual_imports(ast.parse(path.read_text("utf-8"), str(path)))
    ]
    assert not offenders, "only the console layer may import textual:\n" + "\n".join(offenders)


def _core_modules() -> list[str]:
    def _skip(name: str) -> None:
        raise AssertionError(f"cannot import {name} while listing warroom's modules")

    names = [
        info.name
        for info in pkgutil.walk_packages(warroom.__path__, prefix="warroom.", onerror=_skip)
    ]
    return sorted(n for n in ["warroom", *names] if not _is_ui(n) and n not in NOT_IMPORTABLE)


_CHECK = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
    loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    assert not loaded, f"importing {name} loaded {loaded[:5]}"
print("ok", len(sys.argv) - 1)
"""


def test_importing_every_core_module_does_not_load_textual() -> None:
    modules = _core_modules()
    assert {
        "warroom.cli.main",
        "warroom.store.sqlite",
        "warroom.process.context",
        "warroom.process.timeline",
    } <= set(modules)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", _CHECK, *modules],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", str(len(modules))]
