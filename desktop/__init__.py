"""Fireside: a desktop app for local GGUF models, for roleplay and long stories."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fireside")
except PackageNotFoundError:  # running from a source tree or a bundle without metadata
    __version__ = "0.1.0"
