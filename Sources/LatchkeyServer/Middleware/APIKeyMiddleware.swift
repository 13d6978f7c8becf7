import Foundation
import Hummingbird
import LatchkeyStore

/// Proves the caller's workspace from the `authorization` header: the API key verbatim, as Unified's
/// SDKs send it, or as `Bearer <key>`. Anything else is answered 401.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = LatchkeyRequestContext
    let store: Store
    let cache = APIKeyCache()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { throw APIError.unauthorized }
        var apiKey = header.trimmingCharacters(in: .whitespaces)
        if apiKey.lowercased().hasPrefix("bearer ") { apiKey = apiKey.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces) }
        guard !apiKey.isEmpty else { throw APIError.unauthorized }
        let keyHash = Store.hash(apiKey: apiKey)
        let workspaceID: String
        if let cached = cache.workspaceID(forKeyHash: keyHash) {
            workspaceID = cached
        } else {
            guard let found = try await store.workspaceID(forKeyHash: keyHash) else { throw APIError.unauthorized }
            cache.remember(found, forKeyHash: keyHash)
            workspaceID = found
        }
        var context = context
        context.workspaceID = workspaceID
        context.logger[metadataKey: "workspace_id"] = .string(workspaceID)
        return try await next(request, context)
    }
}
