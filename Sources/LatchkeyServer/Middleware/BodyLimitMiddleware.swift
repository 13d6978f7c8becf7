import Hummingbird

/// Sets the request body limit from the server's configuration.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = LatchkeyRequestContext
    let maxBodySize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxBodySize
        return try await next(request, context)
    }
}
