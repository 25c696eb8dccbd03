"""Test-session set-up: parsed standards are cached in a directory of the session's own, never the user's,
and removed at the end."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from aidcalc.standards.cache import CACHE_ENV

_CACHE = tempfile.mkdtemp(prefix="aidcalc-test-cache-")


def pytest_configure(config: pytest.Config) -> None:
    os.environ[CACHE_ENV] = _CACHE


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)
