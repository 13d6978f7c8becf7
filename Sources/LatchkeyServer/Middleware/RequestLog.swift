import Logging

/// The record of one answered request: counted in the metrics and logged with its method, route, status and
/// duration, never headers, query strings or bodies, where credentials travel.
enum RequestLog {
    static func answered(
        method: String, route: String, status: Int, since start: ContinuousClock.Instant, metrics: LatchkeyMetrics, logger: Logger
    ) {
        let elapsed = start.duration(to: .now)
        metrics.request(route: route, method: method, status: status, duration: elapsed)
        guard status >= 500 || logger.logLevel <= .debug else { return }
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.log(
            level: status >= 500 ? .error : .debug, "request",
            metadata: [
                "method": .string(method),
                "route": .string(route),
                "status": .stringConvertible(status),
                "duration_ms": .stringConvertible((milliseconds * 1000).rounded() / 1000),
            ])
    }
}
