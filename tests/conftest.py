"""Test-session set-up: parsed standards are cached in a directory of the session's own, never the user's."""

from __future__ import annotations

import os
import tempfile

import pytest

from aidcalc.standards.cache import CACHE_ENV


def pytest_configure(config: pytest.Config) -> None:
    os.environ[CACHE_ENV] = tempfile.mkdtemp(prefix="aidcalc-test-cache-")
