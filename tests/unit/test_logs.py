from __future__ import annotations

import json
import logging

from opentelemetry.sdk.trace import TracerProvider

from chorus.telemetry.logs import JsonFormatter


def test_log_lines_are_json_with_the_current_trace_id() -> None:
    tracer = TracerProvider().get_tracer("test")
    formatter = JsonFormatter("ideas")
    record = logging.LogRecord("chorus.x", logging.WARNING, __file__, 1, "relay lag %s", (3,),
                               None)
    with tracer.start_as_current_span("work") as span:
        line = json.loads(formatter.format(record))
    assert line["message"] == "relay lag 3" and line["service"] == "ideas"
    assert line["trace_id"] == format(span.get_span_context().trace_id, "032x")
    assert "trace_id" not in json.loads(formatter.format(record)), "no span, no trace id"
