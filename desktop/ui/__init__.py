"""Windows and widgets. No llama.cpp here: the engine is reached only through `desktop.worker`."""
