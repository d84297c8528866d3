"""Entry point: `fireside` and `python -m desktop` open the window (`--cli` for the terminal chat)."""

from __future__ import annotations


def main() -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # (the engine process is spawned from this same program)
    from .app import main as app_main

    return app_main()


if __name__ == "__main__":
    raise SystemExit(main())
