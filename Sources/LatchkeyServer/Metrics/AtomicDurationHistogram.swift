import Synchronization

/// A Prometheus histogram of durations that records without a lock. Each bucket's count and the sum are atomics
/// of their own, so event loops recording at the same moment never wait for one another; swift-prometheus'
/// histogram takes a mutex for every value, and a loop that finds it held sleeps until the holder lets go, which
/// on a busy machine can be milliseconds. A value is counted in its own bucket only; the cumulative counts
/// Prometheus wants are summed when the histogram is written out. Written out while values are being recorded,
/// the sum may include a value that the counts do not yet, or the other way round.
final class AtomicDurationHistogram: Sendable {
    /// The label pairs, written out once: `name="value",…`.
    private let labels: [UInt8]
    /// The buckets' upper bounds in nanoseconds, ascending.
    private let bounds: [Int64]
    /// The bounds as written in `le` labels: seconds, as swift-prometheus writes them.
    private let boundLabels: [String]
    /// One count per bucket, and a last one for values above every bound.
    private let counts: [BucketCount]
    private let sumNanoseconds = Atomic<Int64>(0)

    private final class BucketCount: Sendable {
        let value = Atomic<Int>(0)
    }

    /// A histogram with `labels` (names and values) and buckets whose upper bounds are `buckets`.
    init(labels: [(String, String)], buckets: [Duration]) {
        let sorted = buckets.sorted()
        self.labels = PrometheusText.labels(labels)
        bounds = sorted.map(\.nanoseconds)
        boundLabels = sorted.map(PrometheusText.seconds)
        counts = (0...sorted.count).map { _ in BucketCount() }
    }

    func record(_ duration: Duration) {
        let nanoseconds = max(0, duration.nanoseconds)
        var bucket = 0
        while bucket < bounds.count, bounds[bucket] < nanoseconds { bucket += 1 }
        counts[bucket].value.add(1, ordering: .relaxed)
        sumNanoseconds.add(nanoseconds, ordering: .relaxed)
    }

    /// Writes the histogram's series in Prometheus' text format: `name_bucket` per bound and `+Inf`, `name_sum` in
    /// seconds and `name_count`.
    func write(name: String, into text: inout [UInt8]) {
        var cumulative = 0
        for bucket in counts.indices {
            cumulative += counts[bucket].value.load(ordering: .relaxed)
            text.append(contentsOf: name.utf8)
            text.append(contentsOf: "_bucket{".utf8)
            text.append(contentsOf: labels)
            if !labels.isEmpty { text.append(UInt8(ascii: ",")) }
            text.append(contentsOf: #"le=""#.utf8)
            text.append(contentsOf: (bucket < boundLabels.count ? boundLabels[bucket] : "+Inf").utf8)
            text.append(contentsOf: "\"} \(cumulative)\n".utf8)
        }
        series(name, "_sum", PrometheusText.seconds(.nanoseconds(sumNanoseconds.load(ordering: .relaxed))), into: &text)
        series(name, "_count", String(cumulative), into: &text)
    }

    private func series(_ name: String, _ suffix: String, _ value: String, into text: inout [UInt8]) {
        text.append(contentsOf: name.utf8)
        text.append(contentsOf: suffix.utf8)
        if !labels.isEmpty {
            text.append(UInt8(ascii: "{"))
            text.append(contentsOf: labels)
            text.append(UInt8(ascii: "}"))
        }
        text.append(contentsOf: " \(value)\n".utf8)
    }
}

extension Duration {
    /// The whole nanoseconds of the duration, saturating at `Int64`'s bounds.
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (total, overflowAdding) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAdding ? .max : total
    }
}
