import LatchkeyStore
import Metrics
import Prometheus
import Synchronization

/// The server's metrics, answered in Prometheus' text format at `GET /metrics`: requests and their latency per
/// route, passthrough calls per integration with the upstream's status and latency, refreshes with their
/// outcome, and how reads of connections were answered (memory or database). Each server has its own registry; `latchkey serve` also makes it the process's metrics system.
/// Counters and gauges are swift-prometheus'; the latency histograms, recorded on every call by every event loop,
/// are `AtomicDurationHistogram`s, written out after the registry's series.
public final class LatchkeyMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory
    private let reportedCacheReads = Mutex(ConnectionCacheStatistics())
    private let relayedCalls: Metrics.Counter
    private let relayedBehindCodec: Metrics.Counter
    private let handedOverConnections: Metrics.Counter
    /// Metric handles by their dimensions' values, made once: making one looks it up in the registry.
    private let requestHandles = Mutex<[Dimensions: Handles]>([:])
    private let passthroughHandles = Mutex<[Dimensions: Handles]>([:])
    /// The latency histograms, by name and then by their label values.
    private let histograms = Mutex<[String: [[String]: AtomicDurationHistogram]]>([:])

    /// The upper bounds of every latency histogram's buckets.
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// A counter and a histogram with the same dimensions (the histogram's without the status).
    struct Handles {
        let counter: Metrics.Counter
        let histogram: AtomicDurationHistogram

        /// Counts one more, and records `duration` when there is one.
        func record(_ duration: Duration?) {
            counter.increment()
            if let duration { histogram.record(duration) }
        }
    }

    /// The values of a pair of handles' dimensions: a name or two and a status.
    private struct Dimensions: Hashable {
        let first: String
        let second: String
        let status: Int
    }

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.factory = factory
        relayedCalls = Counter(label: "latchkey_passthrough_relayed_total", factory: factory)
        relayedBehindCodec = Counter(label: "latchkey_passthrough_relayed_behind_codec_total", factory: factory)
        handedOverConnections = Counter(label: "latchkey_passthrough_handovers_total", factory: factory)
    }

    /// `latchkey_http_requests_total{route, method, status}` and `latchkey_http_request_duration_seconds{route, method}`.
    func request(route: String, method: String, status: Int, duration: Duration) {
        requestHandles(route: route, method: method, status: status).record(duration)
    }

    /// The handles `request(route:method:status:duration:)` records with.
    func requestHandles(route: String, method: String, status: Int) -> Handles {
        Self.handles(in: requestHandles, for: Dimensions(first: route, second: method, status: status)) {
            Handles(
                counter: Counter(
                    label: "latchkey_http_requests_total", dimensions: [("route", route), ("method", method), ("status", String(status))],
                    factory: factory),
                histogram: histogram("latchkey_http_request_duration_seconds", labels: [("route", route), ("method", method)]))
        }
    }

    /// `latchkey_passthrough_requests_total{integration, status}` (the upstream's status, or Latchkey's own when no
    /// answer came) and `latchkey_passthrough_upstream_duration_seconds{integration}` (until the response head).
    func passthrough(integration: String, status: Int, upstreamDuration: Duration?) {
        passthroughHandles(integration: integration, status: status).record(upstreamDuration)
    }

    /// The handles `passthrough(integration:status:upstreamDuration:)` records with.
    func passthroughHandles(integration: String, status: Int) -> Handles {
        Self.handles(in: passthroughHandles, for: Dimensions(first: integration, second: "", status: status)) {
            Handles(
                counter: Counter(
                    label: "latchkey_passthrough_requests_total", dimensions: [("integration", integration), ("status", String(status))],
                    factory: factory),
                histogram: histogram("latchkey_passthrough_upstream_duration_seconds", labels: [("integration", integration)]))
        }
    }

    /// The histogram `name` with `labels`, made the first time.
    private func histogram(_ name: String, labels: [(String, String)]) -> AtomicDurationHistogram {
        histograms.withLock { families in
            let values = labels.map(\.1)
            if let made = families[name]?[values] { return made }
            let made = AtomicDurationHistogram(labels: labels, buckets: Self.durationBuckets)
            families[name, default: [:]][values] = made
            return made
        }
    }

    /// The handles kept in `cache` for dimension values `key`, made by `make` the first time.
    private static func handles(in cache: borrowing Mutex<[Dimensions: Handles]>, for key: Dimensions, make: () -> Handles) -> Handles {
        cache.withLock { handles in
            if let made = handles[key] { return made }
            let made = make()
            handles[key] = made
            return made
        }
    }

    /// `latchkey_passthrough_relayed_total`: passthrough calls answered by the relay on the event loop, without the
    /// router (see `PassthroughRelay`); and `latchkey_passthrough_relayed_behind_codec_total`, those of them read by
    /// SwiftNIO's HTTP/1 decoder rather than from the bytes (on a connection handed over, see `ByteRelayHandler`).
    func relayed(behindCodec: Bool) {
        relayedCalls.increment()
        if behindCodec { relayedBehindCodec.increment() }
    }

    /// `latchkey_passthrough_handovers_total`: server connections the relay handed, for good, to SwiftNIO's decoder
    /// and the router at a passthrough call it could not take (see `ByteRelayHandler`); their later calls take the
    /// general path.
    func handedOver() {
        handedOverConnections.increment()
    }

    /// `latchkey_connection_cache_reads_total{result="hit"|"miss"}` and `latchkey_connection_cache_entries`, brought
    /// up to date with the store's figures (counted there, where reads happen) when metrics are asked for.
    func connectionCache(_ statistics: ConnectionCacheStatistics) {
        let (hits, misses) = reportedCacheReads.withLock { reported in
            defer { reported = statistics }
            return (statistics.hits - reported.hits, statistics.misses - reported.misses)
        }
        Counter(label: "latchkey_connection_cache_reads_total", dimensions: [("result", "hit")], factory: factory).increment(by: Int64(hits))
        Counter(label: "latchkey_connection_cache_reads_total", dimensions: [("result", "miss")], factory: factory).increment(by: Int64(misses))
        Gauge(label: "latchkey_connection_cache_entries", factory: factory).record(statistics.entries)
    }

    /// The exposition text: the registry's series, then the latency histograms.
    func text() -> [UInt8] {
        var text = registry.emitToBuffer()
        let families = histograms.withLock { $0 }
        for (name, series) in families.sorted(by: { $0.key < $1.key }) {
            text.append(contentsOf: PrometheusText.typeLine(name: name, type: "histogram"))
            for (_, histogram) in series.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                histogram.write(name: name, into: &text)
            }
        }
        return text
    }
}
