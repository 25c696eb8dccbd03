"""Public names of a package loaded on first use (PEP 562), so that importing a package loads nothing heavy.

A package's ``__init__`` maps each public name to the module that defines it and asks :func:`exports`
for its module-level ``__getattr__`` and ``__dir__``. ``__all__`` is then the sorted list of those names:
what users call, and nothing else.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(package: str, names: Mapping[str, str], namespace: dict[str, Any]
            ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: a name of ``names`` is imported from its module on
    first use and kept in ``namespace`` (the package's globals) from then on."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value  # found there from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *names})

    return __getattr__, __dir__


def _kind(name: str) -> tuple[int, str]:
    """CONSTANTS, then Classes, then functions; each alphabetically."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def public(package: str, namespace: dict[str, Any], modules: Mapping[str, tuple[str, ...]]
           ) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """``__all__``, ``__getattr__`` and ``__dir__`` of ``package`` from the names each module defines for users
    (``{"aidcalc.explain.result": ("Line", "Result")}``): one statement of what the package offers."""
    names = {name: module for module, listed in modules.items() for name in listed}
    getattr_, dir_ = exports(package, names, namespace)
    return sorted(names, key=_kind), getattr_, dir_
