"""File locations in platformdirs' per-user directories (overridable for tests and smoke runs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_log_dir

from ..models import data_dir


def database_path() -> Path:
    return data_dir() / "fireside.sqlite3"


def log_dir() -> Path:
    """`FIRESIDE_LOG_DIR`, else `<data dir>/logs` when the data dir is overridden, else the user log dir."""
    override = os.environ.get("FIRESIDE_LOG_DIR")
    if override:
        path = Path(override)
    elif os.environ.get("FIRESIDE_DATA_DIR"):
        path = data_dir() / "logs"
    else:
        path = Path(user_log_dir("Fireside", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """`FIRESIDE_CACHE_DIR`, else `<data dir>/cache` when the data dir is overridden, else the user cache dir."""
    override = os.environ.get("FIRESIDE_CACHE_DIR")
    if override:
        path = Path(override)
    elif os.environ.get("FIRESIDE_DATA_DIR"):
        path = data_dir() / "cache"
    else:
        path = Path(user_cache_dir("Fireside", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
