import Hummingbird
import Logging

/// Logs and counts each request the router answers (see `RequestLog`).
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: LatchkeyMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context: context, status: response.status.code, start: start)
            return response
        } catch let error as any HTTPResponseError {
            log(request, context: context, status: error.status.code, start: start)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: Int, start: ContinuousClock.Instant) {
        let elapsed = start.duration(to: .now)
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: status, duration: elapsed)
        RequestLog.answered(method: request.method.rawValue, route: route, status: status, elapsed: elapsed, logger: context.logger)
    }
}
