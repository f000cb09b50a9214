"""The layering rules of ARCHITECTURE.md, checked on the source: routes → services → data access.

- Edge modules (routes, the app factory, the CLI, web.py, i18n, permissions, labels) may use Flask; every other module
  (a service, a store, text processing, the aligner) imports no Flask package and no edge module.
- Routes never import other routes; routes and the CLI run no SQL (they call services).
- Migrations import nothing from the app but the migration registry.
- No module imports another module of the app inside a function (that hides import cycles).
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reader"
FLASK_PACKAGES = ("flask", "flask_babel", "flask_login", "flask_wtf", "flask_limiter", "werkzeug.exceptions")
EDGE_MODULES = {
    "reader",
    "reader.web",
    "reader.cli",
    "reader.server",
    "reader.caching",
    "reader.i18n",
    "reader.startup",
    "reader.accounts.permissions",
    "reader.labels",
}


def module_name(path: Path) -> str:
    """Return the dotted module name of a file of the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_routes(name: str) -> bool:
    """Return whether a module holds routes (a blueprint)."""
    last = name.rsplit(".", 1)[-1]
    return last == "routes" or last.endswith("_routes")


def is_cli(name: str) -> bool:
    """Return whether a module holds commands of the `reader` command line (reader/cli.py, or a feature's cli.py)."""
    return name.rsplit(".", 1)[-1] == "cli"


def is_edge(name: str) -> bool:
    """Return whether a module sits at the web or CLI edge (may use Flask)."""
    return name in EDGE_MODULES or is_routes(name) or is_cli(name)


def imports(name: str) -> list[tuple[str, int, bool]]:
    """Return (imported module, line, inside a function) for every import of a module."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                found.append((child.module, child.lineno, in_function))
                found.extend((f"{child.module}.{alias.name}", child.lineno, in_function) for alias in child.names)
            visit(child, inside)

    visit(tree, False)
    return found


def app_modules(imported: list[tuple[str, int, bool]]) -> list[tuple[str, int, bool]]:
    """Return the imports that name a module of the app."""
    return [(module, line, local) for module, line, local in imported if module in MODULES and module != "reader"]


SERVICES = [name for name in MODULES if not is_edge(name)]
ROUTES = [name for name in MODULES if is_routes(name)]
COMMANDS = [name for name in MODULES if is_cli(name)]


@pytest.mark.parametrize("name", SERVICES)
def test_services_do_not_import_flask_or_the_edge(name):
    bad = [
        (module, line)
        for module, line, _local in imports(name)
        if module.split(".")[0] in FLASK_PACKAGES
        or module in FLASK_PACKAGES
        or module in EDGE_MODULES - {"reader"}
        or (module in MODULES and is_routes(module))
    ]
    assert bad == [], f"{name} imports the web edge: {bad}"


@pytest.mark.parametrize("name", ROUTES)
def test_routes_do_not_import_routes(name):
    bad = [(module, line) for module, line, _ in app_modules(imports(name)) if is_routes(module) and module != name]
    assert bad == [], f"{name} imports other routes: {bad}"


@pytest.mark.parametrize("name", [*ROUTES, *COMMANDS])
def test_routes_and_cli_run_no_sql(name):
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    # a module of the app imported by name (`from reader.documents import jobs`): its functions are services
    app_module_names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
        if f"{node.module}.{alias.name}" in MODULES
    }
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and not (isinstance(node.func.value, ast.Name) and node.func.value.id in app_module_names)
        and (
            node.func.attr in ("execute", "executemany", "query")
            or (isinstance(node.func.value, ast.Subscript) and node.func.attr in ("insert", "upsert", "update"))
        )
    ]
    assert calls == [], f"{name} runs SQL at lines {calls}: call a service instead"


@pytest.mark.parametrize("name", [name for name in MODULES if name.startswith("reader.migrations")])
def test_migrations_import_nothing_from_the_app(name):
    bad = [
        (module, line) for module, line, _ in app_modules(imports(name)) if not module.startswith("reader.migrations")
    ]
    assert bad == [], f"{name} imports live code: {bad}"


@pytest.mark.parametrize("name", list(MODULES))
def test_no_function_local_imports_of_the_app(name):
    local = [(module, line) for module, line, inside in app_modules(imports(name)) if inside]
    assert local == [], f"{name} imports app modules inside functions (a hidden cycle?): {local}"


def test_the_rules_see_every_kind_of_module():
    assert "reader.reading.routes" in ROUTES and "reader.documents.import_routes" in ROUTES
    assert "reader.documents.store" in SERVICES and "reader.text.vietnamese" in SERVICES
    assert any(name.startswith("reader.migrations.") for name in MODULES)
    assert {"reader.cli", "reader.documents.cli", "reader.accounts.cli"} <= set(COMMANDS)
