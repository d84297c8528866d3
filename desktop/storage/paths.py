"""File locations in platformdirs' per-user directories (overridable for tests and smoke runs)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_cache_dir, user_log_dir

from ..models import data_dir


def database_path() -> Path:
    return data_dir() / "fireside.sqlite3"


def _user_dir(override_env: str, under_data_dir: str, platform_dir: Callable[..., str]) -> Path:
    """`override_env` if set, else `<data dir>/<under_data_dir>` when the data dir is overridden (tests,
    smoke runs), else the platform's per-user folder. Created if missing."""
    override = os.environ.get(override_env)
    if override:
        path = Path(override)
    elif os.environ.get("FIRESIDE_DATA_DIR"):
        path = data_dir() / under_data_dir
    else:
        path = Path(platform_dir("Fireside", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    return _user_dir("FIRESIDE_LOG_DIR", "logs", user_log_dir)


def cache_dir() -> Path:
    """Where instant-resume snapshots live."""
    return _user_dir("FIRESIDE_CACHE_DIR", "cache", user_cache_dir)
