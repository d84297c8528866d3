"""The API's event stream: tokens are gathered (a few wake-ups a second), the end of a reply is not."""

from __future__ import annotations

import asyncio
import threading

from desktop.api.bridge import Stream


def test_tokens_wait_for_the_gap_but_the_end_of_the_reply_does_not() -> None:
    async def scenario() -> tuple[list, bool, list]:
        stream = Stream(asyncio.get_running_loop())
        stream.MIN_GAP = 30.0  # (far longer than the test may take: only the end can come sooner)
        stream.push("token", "Once")
        first = await asyncio.wait_for(stream.batch(), 5)  # the first event comes at once
        stream.push("token", " upon")
        try:  # the next token waits for the gap
            await asyncio.wait_for(stream.batch(), 0.5)
            waited = False
        except asyncio.TimeoutError:
            waited = True
        threading.Thread(target=stream.push, args=("done", {})).start()  # (the engine's thread)
        rest = await asyncio.wait_for(stream.batch(), 5)
        return first, waited, rest

    first, waited, rest = asyncio.run(scenario())
    assert first == [("token", "Once")]
    assert waited
    assert rest == [("token", " upon"), ("done", {})]
