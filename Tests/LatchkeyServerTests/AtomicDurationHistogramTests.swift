import Foundation
import Prometheus
import Testing

@testable import LatchkeyServer

/// The latency histograms recorded without a lock: written out as swift-prometheus writes its own, and exact
/// however many threads record at once.
struct AtomicDurationHistogramTests {
    static let buckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(250), .seconds(1), .seconds(2.5)]
    static let values: [Duration] = [
        .zero, .microseconds(999), .milliseconds(1), .nanoseconds(1_000_001), .milliseconds(5), .milliseconds(30), .milliseconds(250),
        .seconds(1), .milliseconds(1500), .seconds(2.5), .seconds(7), .seconds(3600),
    ]

    @Test func writesTheSameSeriesAsSwiftPrometheusForTheSameValues() {
        let registry = PrometheusCollectorRegistry()
        let theirs = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(metricName: "call", unitName: "seconds", helpText: ""),
            labels: [("route", "/a/{id}"), ("method", "GET")], buckets: Self.buckets)
        let ours = AtomicDurationHistogram(labels: [("route", "/a/{id}"), ("method", "GET")], buckets: Self.buckets)
        for value in Self.values {
            theirs.record(value)
            ours.record(value)
        }
        var text: [UInt8] = []
        ours.write(name: "call_seconds", into: &text)
        let expected = registry.emitToString().split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(String(decoding: text, as: UTF8.self).split(separator: "\n") == expected)
        // Checked by hand too, in case both were wrong alike: cumulative counts, `le` as seconds, the sum in seconds.
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.first == #"call_seconds_bucket{route="/a/{id}",method="GET",le="0.001"} 3"#)
        #expect(lines.contains(#"call_seconds_bucket{route="/a/{id}",method="GET",le="2.5"} 10"#))
        #expect(lines.contains(#"call_seconds_bucket{route="/a/{id}",method="GET",le="+Inf"} 12"#))
        #expect(lines.contains(#"call_seconds_sum{route="/a/{id}",method="GET"} 3612.287999001"#))
        #expect(lines.last == #"call_seconds_count{route="/a/{id}",method="GET"} 12"#)
    }

    @Test func labelValuesAreEscapedAsSwiftPrometheusEscapesThem() {
        let labels = [("integration", "quote\" back\\slash\nline")]
        let registry = PrometheusCollectorRegistry()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(metricName: "x", unitName: "seconds", helpText: ""), labels: labels, buckets: [.seconds(1)]
        ).record(.milliseconds(2))
        let ours = AtomicDurationHistogram(labels: labels, buckets: [.seconds(1)])
        ours.record(.milliseconds(2))
        var text: [UInt8] = []
        ours.write(name: "x_seconds", into: &text)
        let expected = registry.emitToString().split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(String(decoding: text, as: UTF8.self).split(separator: "\n") == expected)
        #expect(String(decoding: text, as: UTF8.self).contains(#"integration="quote\" back\\slash\nline""#))
    }

    @Test func countsEveryValueRecordedByManyThreadsAtOnce() async {
        let histogram = AtomicDurationHistogram(labels: [], buckets: Self.buckets)
        let threads = 8
        let perThread = 20_000
        await withTaskGroup(of: Void.self) { group in
            for thread in 0..<threads {
                group.addTask {
                    // Each thread records every value in turn, starting at its own.
                    for index in 0..<perThread { histogram.record(Self.values[(index + thread) % Self.values.count]) }
                }
            }
        }
        var text: [UInt8] = []
        histogram.write(name: "n_seconds", into: &text)
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.contains("n_seconds_count \(threads * perThread)"), "\(lines)")
        #expect(lines.contains(#"n_seconds_bucket{le="+Inf"} \#(threads * perThread)"#))
        // 160 000 values spread over the 12 in turn: the sum is exact, to the nanosecond.
        let total = (0..<threads).reduce(Duration.zero) { sum, thread in
            (0..<perThread).reduce(sum) { $0 + Self.values[($1 + thread) % Self.values.count] }
        }
        #expect(lines.contains("n_seconds_sum \(PrometheusText.seconds(total))"), "\(lines)")
    }

    @Test func theServerWritesEachHistogramFamilyOnceWithItsType() async throws {
        let metrics = LatchkeyMetrics()
        metrics.request(route: "/a", method: "GET", status: 200, duration: .milliseconds(3))
        metrics.request(route: "/a", method: "GET", status: 404, duration: .milliseconds(7))
        metrics.request(route: "/b", method: "POST", status: 200, duration: .seconds(2))
        metrics.passthrough(integration: "crm", status: 200, upstreamDuration: .milliseconds(1))
        metrics.passthrough(integration: "crm", status: 502, upstreamDuration: nil)
        let lines = String(decoding: metrics.text(), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "# TYPE latchkey_http_request_duration_seconds histogram" }.count == 1)
        #expect(lines.filter { $0 == "# TYPE latchkey_passthrough_upstream_duration_seconds histogram" }.count == 1)
        // The two statuses of `GET /a` share one histogram; the status is the counters' alone.
        #expect(lines.contains(#"latchkey_http_request_duration_seconds_count{route="/a",method="GET"} 2"#))
        #expect(lines.contains(#"latchkey_http_request_duration_seconds_bucket{route="/a",method="GET",le="0.005"} 1"#))
        #expect(lines.contains(#"latchkey_http_request_duration_seconds_sum{route="/b",method="POST"} 2.0"#))
        #expect(lines.contains(#"latchkey_http_requests_total{route="/a",method="GET",status="404"} 1"#))
        // A call with no upstream answer is counted, and adds nothing to the upstream latency.
        #expect(lines.contains(#"latchkey_passthrough_requests_total{integration="crm",status="502"} 1"#))
        #expect(lines.contains(#"latchkey_passthrough_upstream_duration_seconds_count{integration="crm"} 1"#))
    }
}
