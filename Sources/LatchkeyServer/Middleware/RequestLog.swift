import Logging

/// The log of one answered request (counted in the metrics by its caller): its method, route, status and duration,
/// never headers, query strings or bodies, where credentials travel. Logged at `debug`, or at `error` for a 5xx.
enum RequestLog {
    static func answered(method: String, route: String, status: Int, elapsed: Duration, logger: Logger) {
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
