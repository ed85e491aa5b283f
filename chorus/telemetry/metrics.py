"""Service metrics: command rate and the lag of the relay, projections and consumers.

Lags are sampled by a background task (they need database and NATS queries, which metric
callbacks cannot await) and reported through observable gauges."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from opentelemetry import metrics
from opentelemetry.metrics import CallbackOptions, Observation

log = logging.getLogger(__name__)
meter = metrics.get_meter("chorus")
commands = meter.create_counter(
    "chorus.rpc.calls", unit="{call}", description="gRPC calls handled, by method and status")

Sampler = Callable[[], Awaitable[dict[str, int]]]


class LagGauges:
    """Keeps the latest lag samples (events behind, per named component)."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.samples: dict[str, int] = {}
        meter.create_observable_gauge(
            "chorus.lag", callbacks=[self._observe], unit="{event}",
            description="events the relay, a projection or a consumer still has to handle")

    def _observe(self, options: CallbackOptions) -> list[Observation]:
        return [Observation(v, {"service": self.service, "component": k})
                for k, v in self.samples.items()]

    async def run(self, sample: Sampler, interval: float = 5.0) -> None:
        while True:
            try:
                self.samples = await sample()
            except Exception:
                log.warning("could not sample lags", exc_info=True)
            await asyncio.sleep(interval)


def setup_metrics() -> None:
    """Exports metrics over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set."""
    import os

    if not os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or \
            os.environ.get("OTEL_METRICS_EXPORTER", "otlp") != "otlp":
        return
    from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader
    from opentelemetry.sdk.resources import Resource

    metrics.set_meter_provider(MeterProvider(
        resource=Resource.create(),
        metric_readers=[PeriodicExportingMetricReader(OTLPMetricExporter())]))
