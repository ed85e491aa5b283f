"""What an analysis worker process runs (`python -m services.reputation.analysis_worker`,
started by analysing.py): it imports the analyser and nothing of the service. Through
analysing.py a worker loaded NATS's and asyncpg's clients it never uses (20 MB of its 55).

It reads batches from its standard input and answers each on its standard output, in order,
as frames: a 4-byte length, then JSON (`[texts, terms]` in, `[true, analyses]` or
`[false, what went wrong]` out: plain data, nothing a reader would execute). It leaves
when its input ends: when the service stops, and when the service dies, since the kernel
closes a dead process's pipes."""

from __future__ import annotations

import json
import os
import signal
import struct
import sys
from typing import Any, BinaryIO

from services.reputation.domain.analysis import Analysis, Intent, Sentiment, analyse

WARM_UP = ("Warming up the English analyser, thanks", "On prépare l'analyse en français")
FRAME = struct.Struct("!I")  # a frame's length, before it


def analyse_all(texts: list[str], terms: list[str]) -> list[Analysis]:
    return [analyse(text, terms) for text in texts]


def frame(value: object) -> bytes:
    body = json.dumps(value, separators=(",", ":")).encode()
    return FRAME.pack(len(body)) + body


def sent(a: Analysis) -> list[object]:
    return [a.language, a.sentiment, a.score, a.intent, a.terms, a.analyser]


def received(fields: list[Any]) -> Analysis:
    language, sentiment, score, intent, terms, analyser = fields
    return Analysis(language, Sentiment(sentiment), score, Intent(intent), tuple(terms),
                    analyser)


def _read(stream: BinaryIO, size: int) -> bytes | None:
    """Exactly `size` bytes, or None once the input has ended."""
    data = stream.read(size)
    return data if data is not None and len(data) == size else None


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    analyse_all(list(WARM_UP), [])  # the models load now, not during the first batch
    while (header := _read(requests, FRAME.size)) is not None:
        body = _read(requests, FRAME.unpack(header)[0])
        if body is None:
            return
        texts, terms = json.loads(body)
        try:
            answer: list[object] = [True, [sent(a) for a in analyse_all(texts, terms)]]
        except Exception as e:  # a bug in an analyser: that batch fails, not the worker
            answer = [False, f"{type(e).__name__}: {e}"]
        answers.write(frame(answer))
        answers.flush()


def main() -> None:
    # The service's terminal's Ctrl-C reaches its workers too: they leave with their input.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print can't break a frame
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
