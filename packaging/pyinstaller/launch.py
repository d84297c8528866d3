"""PyInstaller entry point: the same start as `fireside` / `python -m desktop`.

freeze_support first: the engine process is started with multiprocessing's spawn, which runs this
same executable; freeze_support turns that run into the engine process instead of a second app."""

import multiprocessing

from desktop.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
