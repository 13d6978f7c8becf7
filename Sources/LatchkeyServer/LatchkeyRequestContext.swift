import Hummingbird

/// The per-request state of Latchkey's router: which workspace the API key proved, and the body limit.
public struct LatchkeyRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `APIKeyMiddleware` once the request's API key is known.
    public var workspaceID: String?
    public var maxUploadSize: Int

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.workspaceID = nil
        self.maxUploadSize = ServerConfiguration.defaultMaxBodySize
    }

    /// The authenticated workspace; a route behind `APIKeyMiddleware` always has one.
    func requireWorkspace() throws -> String {
        guard let workspaceID else { throw APIError.unauthorized }
        return workspaceID
    }
}
