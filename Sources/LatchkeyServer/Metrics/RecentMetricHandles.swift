/// The metric handles one server connection's relayed calls used last. Calls on a connection are most often alike
/// (the same integration, route, method and status), and such a call records with the handles it already has,
/// without looking them up in `LatchkeyMetrics`' shared table, under its lock. Used on the connection's event loop
/// only.
final class RecentMetricHandles {
    private let metrics: LatchkeyMetrics
    private var passthrough: (integration: String, status: Int, handles: LatchkeyMetrics.Handles)?
    private var request: (route: String, method: String, status: Int, handles: LatchkeyMetrics.Handles)?

    init(metrics: LatchkeyMetrics) {
        self.metrics = metrics
    }

    /// As `LatchkeyMetrics.passthrough(integration:status:upstreamDuration:)`.
    func passthrough(integration: String, status: Int, upstreamDuration: Duration?) {
        if let passthrough, passthrough.status == status, passthrough.integration == integration {
            return passthrough.handles.record(upstreamDuration)
        }
        let handles = metrics.passthroughHandles(integration: integration, status: status)
        passthrough = (integration, status, handles)
        handles.record(upstreamDuration)
    }

    /// As `LatchkeyMetrics.request(route:method:status:duration:)`.
    func request(route: String, method: String, status: Int, duration: Duration) {
        if let request, request.status == status, request.method == method, request.route == route {
            return request.handles.record(duration)
        }
        let handles = metrics.requestHandles(route: route, method: method, status: status)
        request = (route, method, status, handles)
        handles.record(duration)
    }
}
