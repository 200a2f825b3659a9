"""``/metrics``: Prometheus text format, one registry per app (no global state between apps).

With ``bvv serve --workers N`` each worker counts its own requests; scrape them behind the proxy,
or run one worker per port.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

#: seconds; the p99 aim of docs/performance.md is 50 ms
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)


class Metrics:
    """Requests by method, route and status; latency by route; errors by code."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "bvv_http_requests", "HTTP requests handled", ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "bvv_http_request_duration_seconds", "time from request to the last byte of the response",
            ["route"], buckets=BUCKETS, registry=self.registry,
        )
        self.errors = Counter(
            "bvv_http_errors", "error responses by error code", ["code"], registry=self.registry
        )

    def record(self, method: str, route: str, status: int, seconds: float, code: str | None) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(route).observe(seconds)
        if code:
            self.errors.labels(code).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
