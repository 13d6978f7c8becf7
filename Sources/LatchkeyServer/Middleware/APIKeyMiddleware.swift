import Hummingbird
import LatchkeyStore

/// Proves the caller's workspace from the `authorization` header: the API key verbatim, as Unified's
/// SDKs send it, or as `Bearer <key>`. Anything else is answered 401.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = LatchkeyRequestContext
    let store: Store
    /// Shared with the passthrough relay, which reads keys into it the same way (`PassthroughRelay.recall`).
    let cache: APIKeyCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], let keyHash = Self.keyHash(in: header),
            let workspaceID = try await cache.workspaceID(forKeyHash: keyHash, readingFrom: store)
        else { throw APIError.unauthorized }
        var context = context
        context.workspaceID = workspaceID
        context.logger[metadataKey: "workspace_id"] = .string(workspaceID)
        return try await next(request, context)
    }

    /// The hash of the key in an `authorization` value (see `apiKey(in:)`), as the store keeps keys.
    static func keyHash(in header: String) -> String? {
        apiKey(in: header).map { Store.hash(apiKey: String($0)) }
    }

    /// The key in an `authorization` value: the value itself or what follows `Bearer ` (any case), without the
    /// spaces and tabs around it; `nil` when nothing is left.
    static func apiKey(in header: String) -> Substring? {
        var value = HeaderValue.trimmed(header[...])
        let scheme = "bearer "
        if value.utf8.count > scheme.utf8.count,
            zip(value.utf8, scheme.utf8).allSatisfy({ $0 | 0x20 == $1 })
        {
            value = HeaderValue.trimmed(value.dropFirst(scheme.count))
        }
        return value.isEmpty ? nil : value
    }
}
