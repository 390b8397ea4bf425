"""Live smoke tests: the production fetch path against the real services (``make test-live``).

Deselected by default (``not live`` in pyproject's addopts); selected with ``-m live`` they still
skip unless ``LIVE=1``. The root conftest strips API keys from every test's environment, so the
keys the sources config names are read here, at import, before any fixture runs.
"""

from __future__ import annotations

import os

from agent.sources.recording import secret_env_names
from agent.sources.registry import load_sources_config

LIVE = os.environ.get("LIVE") == "1"
SKIP_REASON = "live smoke test: set LIVE=1 (needs network)"
CONFIG = load_sources_config()
LIVE_ENV = {name: os.environ[name] for name in secret_env_names(CONFIG) if os.environ.get(name)}
