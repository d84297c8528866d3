"""The engine's process and its clients. llama.cpp runs in an engine process (engine_process) that
runs jobs of the protocol (protocol, jobs); each kind of job is a handler module registered in
`handlers`. `EngineClient` (client) is how the window, the API server and background work reach it."""

from .client import EngineClient

__all__ = ["EngineClient"]
