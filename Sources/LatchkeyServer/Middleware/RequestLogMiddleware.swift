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
        RequestLog.answered(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: status, since: start, metrics: metrics,
            logger: context.logger)
    }
}
