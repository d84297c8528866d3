"""What the story reader's marks cost: placing a story's read and windowed tokens in its text.

    python benchmarks/story_places.py --json [--tokens 100000]

The engine sends the reader, after every reply, where the window's start and the read end fall in
the story (ChatSession.document_places). The first placement reads each token's bytes once
(first_ms); later ones are lookups (lookup_us, median of 200 over the whole story). The figure to
keep small is first_ms on a long story, paid once per story per engine process.

The page (offscreen Qt): page_show_s, the story reader showing the longest story a chat takes (8 MB
of text), and mark_ms_median, one re-marking of it (done at every reading progress event).
"""

from __future__ import annotations

import json
import statistics
import time

import common  # noqa: F401  (puts the project on sys.path)

from desktop.engine.document_place import DocumentPlaces


def story(tokens_wanted: int, tokenize) -> str:
    paragraph = ("On day {i} the wind came down from the northern hills, and the villagers mended the nets, "
                 "counted the geese, and told the story of the {i}th bridge to the children by the fire. ")
    text, i = [], 0
    while True:
        text.append(paragraph.format(i=i))
        i += 1
        if i % 200 == 0 and len(tokenize("".join(text))) >= tokens_wanted:
            return "".join(text)


def main() -> int:
    p = common.parser(__doc__, rounds=5)
    p.add_argument("--tokens", type=int, default=100_000)
    args = p.parse_args()
    engine = common.load_engine(args)
    model = engine.model
    content = story(args.tokens, lambda s: model.tokenize(s, parse_special=False))
    tokens = model.tokenize(content, parse_special=False)
    firsts, lookups = [], []
    for _ in range(args.rounds):
        places = DocumentPlaces(model)
        model._pieces.clear()  # (the model remembers token pieces: each round starts cold)
        started = time.perf_counter()
        places.chars(1, tokens, content, len(tokens) // 3)
        firsts.append((time.perf_counter() - started) * 1000)
        for n in range(1, len(tokens), max(1, len(tokens) // 200)):
            t0 = time.perf_counter()
            places.chars(1, tokens, content, n)
            lookups.append((time.perf_counter() - t0) * 1e6)
    result = {"tokens": len(tokens), "characters": len(content), "rounds": args.rounds,
              "first_ms_median": round(statistics.median(firsts), 1), "first_ms_min": round(min(firsts), 1),
              "first_ms_max": round(max(firsts), 1), "lookup_us_median": round(statistics.median(lookups), 1),
              "lookup_us_max": round(max(lookups), 1)}
    engine.close()
    result.update(page_figures(args.rounds))
    print(json.dumps(result))
    return 0


def page_figures(rounds: int) -> dict:
    import os
    import tempfile
    from pathlib import Path

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.chat.library import MAX_STORY_BYTES, story_conversation
    from desktop.storage import open_database
    from desktop.ui.chat.story_reader import StoryReader

    app = QApplication.instance() or QApplication([])
    db, _ = open_database(Path(tempfile.mkdtemp()) / "bench.db")
    line = "On a windless morning the baker carried bread up to the chapel, and the village remembered it. "
    text = ((line * 40 + "\n\n") * (MAX_STORY_BYTES // (len(line) * 40 + 2)))[:MAX_STORY_BYTES]
    conv = story_conversation("Long", text)
    conv.id = 1
    shows, marks = [], []
    for _ in range(rounds):
        reader = StoryReader(db)
        reader.resize(600, 800)
        reader.show()
        started = time.perf_counter()
        reader.show_story(conv)
        app.processEvents()
        shows.append(time.perf_counter() - started)
        for done in range(1, 101, 10):
            started = time.perf_counter()
            reader.set_reading(done, 100, False)
            marks.append((time.perf_counter() - started) * 1000)
        reader.deleteLater()
        app.processEvents()
    db.close()
    return {"page_chars": len(text), "page_show_s_median": round(statistics.median(shows), 2),
            "page_show_s_max": round(max(shows), 2), "mark_ms_median": round(statistics.median(marks), 2),
            "mark_ms_max": round(max(marks), 2)}


if __name__ == "__main__":
    raise SystemExit(main())
