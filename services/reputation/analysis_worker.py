"""What an analysis worker process runs (analysing.py starts them): it imports the analyser
and nothing of the service. Through analysing.py a worker loaded NATS's and asyncpg's clients
it never uses (20 MB of its 55)."""

from __future__ import annotations

import os
import threading
import time

from services.reputation.domain.analysis import Analysis, analyse

WARM_UP = ("Warming up the English analyser, thanks", "On prépare l'analyse en français")


def analyse_all(texts: list[str], terms: list[str]) -> list[Analysis]:
    return [analyse(text, terms) for text in texts]


def prepare(service_pid: int) -> None:
    """A worker's start: follow the service out (a killed service closes no pipe its workers
    would notice) and load the models now rather than during the first batch."""

    def watch() -> None:
        while os.getppid() == service_pid:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="service-watch", daemon=True).start()
    analyse_all(list(WARM_UP), [])
