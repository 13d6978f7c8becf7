import Metrics
import Prometheus

/// The server's metrics, answered in Prometheus' text format at `GET /metrics`: requests and their latency per
/// route, passthrough calls per integration with the upstream's status and latency, and refreshes with their
/// outcome. Each server has its own registry; `latchkey serve` also makes it the process's metrics system.
public final class LatchkeyMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        ]
        self.factory = factory
    }

    /// `latchkey_http_requests_total{route, method, status}` and `latchkey_http_request_duration_seconds{route, method}`.
    func request(route: String, method: String, status: Int, duration: Duration) {
        Counter(
            label: "latchkey_http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))],
            factory: factory
        ).increment()
        Timer(label: "latchkey_http_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory)
            .record(duration: duration)
    }

    /// `latchkey_passthrough_requests_total{integration, status}` (the upstream's status, or Latchkey's own when no
    /// answer came) and `latchkey_passthrough_upstream_duration_seconds{integration}` (until the response head).
    func passthrough(integration: String, status: Int, upstreamDuration: Duration?) {
        Counter(
            label: "latchkey_passthrough_requests_total", dimensions: [("integration", integration), ("status", String(status))],
            factory: factory
        ).increment()
        if let upstreamDuration {
            Timer(label: "latchkey_passthrough_upstream_duration_seconds", dimensions: [("integration", integration)], factory: factory)
                .record(duration: upstreamDuration)
        }
    }

    /// The exposition text.
    func text() -> [UInt8] { registry.emitToBuffer() }
}
