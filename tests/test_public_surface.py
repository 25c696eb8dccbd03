"""The public surface: each package's ``__all__`` is what users call and resolves; every error aidcalc raises
on purpose is in the ``AidcalcError`` tree of ``aidcalc.errors``, and that module's docstring draws the tree."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import aidcalc
from aidcalc import errors

SRC = Path(aidcalc.__file__).parent
PACKAGES = ["aidcalc", "aidcalc.caseload", "aidcalc.engine", "aidcalc.explain", "aidcalc.reports",
            "aidcalc.standards", "aidcalc.testing"]

#: the functions that may raise a bare ValueError, and why: pydantic validators (pydantic turns their
#: ValueError into a problem of InputError or StandardFileError) and checks of a Python caller's own
#: arguments or of an internal invariant (Python's convention, as ``int("x")`` raises ValueError)
VALUE_ERRORS = {
    ("household.py", "__call__"): "validator (MoneyField): becomes a problem of InputError",
    ("household.py", "_to_date"): "validator: becomes a problem of InputError",
    ("household.py", "_plausible_birth"): "validator: becomes a problem of InputError",
    ("household.py", "_unique_member_ids"): "validator: becomes a problem of InputError",
    ("standards/schema.py", "_until_after_effective"): "validator: becomes a StandardFileError",
    ("standards/schema.py", "_note_unless_published"): "validator: becomes a StandardFileError",
    ("standards/schema.py", "_shape"): "validator: becomes a StandardFileError",
    ("standards/schema.py", "_one_form"): "validator: becomes a StandardFileError",
    ("explain/render.py", "render"): "argument: a format name the caller chose (the CLI offers only the allowed)",
    ("money.py", "round_fraction"): "argument: a rounding mode (standards files are validated before)",
    ("money.py", "yuan_pattern"): "argument: a field's maximum, a constant of aidcalc.money",
    ("testing/synthetic.py", "synthetic_frame"): "argument: n and area_mix",
    ("caseload/sample.py", "_decimal_yuan"): "argument: a --scale so large that amounts leave decimal(15, 2)",
    ("engine/trace.py", "quantity"): "declaration: a quantity declared twice fails at import",
    ("engine/trace.py", "reason"): "declaration: a reason declared twice fails at import",
    ("engine/trace.py", "declare"): "declaration: a quantity derived twice fails at import",
    ("messages.py", "register"): "declaration: a message registered twice, or with zh/en fields that differ, fails at import",
    ("explain/_view.py", "value"): "argument: a person's quantity read without naming the member (a programming error)",
    ("reports/diff_report.py", "write_report"): "argument: a report path (the CLI checks the suffix first)",
    ("reports/_diff_builder.py", "compare"): "invariant: both sides are computed from one caseload",
    ("reports/_diff_builder.py", "_pairs"): "invariant: both sides are computed from one caseload",
}
#: Python's own errors for a caller's mistakes, and click's for the command line's usage errors
PYTHON_ERRORS = {"TypeError", "KeyError", "AttributeError"}


@pytest.mark.parametrize("package", PACKAGES)
def test_all_is_sorted_unique_and_every_name_resolves(package: str) -> None:
    """``__all__`` is sorted (constants, classes, functions) without repeats, and every name in it is an attribute of the package."""
    module = importlib.import_module(package)
    names = list(module.__all__)
    kind = lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n)  # noqa: E731 - CONSTANTS, Classes, functions
    assert names == sorted(names, key=kind)
    assert len(set(names)) == len(names)
    for name in names:
        assert getattr(module, name) is not None, f"{package}.{name}"
        assert name in dir(module)


@pytest.mark.parametrize("package", PACKAGES)
def test_all_names_only_public_things(package: str) -> None:
    """``__all__`` names no private name, and no name defined in a private module."""
    module = importlib.import_module(package)
    for name in module.__all__:
        assert not name.startswith("_"), f"{package}.{name}"
        defined_in = getattr(getattr(module, name), "__module__", None) or ""
        assert not any(part.startswith("_") for part in defined_in.split(".")), f"{package}.{name} is from {defined_in}"


def test_importing_the_packages_loads_no_numpy() -> None:
    """Importing every package (not yet using a name) loads neither numpy nor pyarrow nor pydantic."""
    code = ("import sys\nimport " + ", ".join(PACKAGES) +
            "\nprint(sorted(m for m in ('numpy', 'pyarrow', 'pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _tree() -> dict[str, type[BaseException]]:
    return {name: cls for name, cls in vars(errors).items()
            if inspect.isclass(cls) and issubclass(cls, errors.AidcalcError)}


def test_every_error_class_of_the_package_is_in_the_errors_module_tree() -> None:
    """Every exception class defined anywhere in aidcalc is defined in aidcalc.errors and is an AidcalcError."""
    found = []
    for info in pkgutil.walk_packages([str(SRC)], prefix="aidcalc."):
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, BaseException) and cls.__module__.startswith("aidcalc"):
                found.append(cls)
                assert cls.__module__ == "aidcalc.errors", f"{cls.__qualname__} is defined in {cls.__module__}"
                assert issubclass(cls, errors.AidcalcError), cls
    assert {c.__name__ for c in found} == set(_tree())


def test_every_error_of_the_tree_is_a_top_level_name() -> None:
    """A user catches any of them as ``aidcalc.<Name>``."""
    assert set(_tree()) <= set(aidcalc.__all__)


def test_the_errors_docstring_draws_the_tree_as_it_is() -> None:
    """Each line of the docstring's tree names a class, its Python bases outside the tree, and its depth."""
    doc = errors.__doc__ or ""
    drawn: dict[str, tuple[int, str, tuple[str, ...]]] = {}
    parents: list[str] = []
    for line in doc.splitlines():
        m = re.match(r"^( *)([*+-]) (\w+)(?:\(([\w, ]+)\))?", line)
        if not m:
            continue
        depth = len(m.group(1)) // 2
        parents[depth:] = [m.group(3)]
        bases = tuple(b.strip() for b in m.group(4).split(",")) if m.group(4) else ()
        drawn[m.group(3)] = (depth, parents[depth - 1] if depth else "", bases)
    tree = _tree()
    assert set(drawn) == set(tree)
    for name, cls in tree.items():
        depth, parent, bases = drawn[name]
        in_tree = [b.__name__ for b in cls.__bases__ if b.__name__ in tree]
        outside = tuple(b.__name__ for b in cls.__bases__ if b.__name__ not in tree and b is not Exception)
        assert in_tree == ([parent] if parent else []), name
        assert outside == bases, name


class _Raises(ast.NodeVisitor):
    """Collects (module path, enclosing function, class raised) for every ``raise Name(...)`` of one module."""

    def __init__(self, rel: str, found: list[tuple[str, str, str]]) -> None:
        self.rel, self.found, self.stack = rel, found, [""]

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if exc is not None:
            name = ast.unparse(exc)
            if name[:1].isupper() or name.startswith("click."):
                self.found.append((self.rel, self.stack[-1], name))


def _raises() -> list[tuple[str, str, str]]:
    """(module path, enclosing function, class raised) for every ``raise Name(...)`` in the package."""
    found: list[tuple[str, str, str]] = []
    for path in sorted(SRC.rglob("*.py")):
        _Raises(path.relative_to(SRC).as_posix(), found).visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_every_raise_is_an_aidcalc_error_or_a_listed_python_error() -> None:
    """A raise names a class of the tree; or, for a caller's mistake, TypeError/KeyError/AttributeError; or click's
    usage errors in the command line; or a ValueError in a function listed (with why) in ``VALUE_ERRORS``."""
    tree = set(_tree())
    stray = []
    used_value_errors = set()
    for rel, function, name in _raises():
        if name in tree or name in PYTHON_ERRORS or (name.startswith("click.") and rel.startswith("cli/")):
            continue
        if name == "ValueError" and (rel, function) in VALUE_ERRORS:
            used_value_errors.add((rel, function))
            continue
        stray.append(f"{rel}:{function} raises {name}")
    assert stray == []
    assert used_value_errors == set(VALUE_ERRORS), "a listed function no longer raises ValueError: drop it"
