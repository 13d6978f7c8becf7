import HTTPTypes
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyRefresh
import LatchkeyStore
import Logging
import NIOCore
import NIOHTTP1

/// The fast path of `/passthrough`: calls that need nothing but memory are relayed by a channel handler on the
/// event loop they arrived on, to a pooled upstream connection on the same loop, without the router, Swift tasks
/// or the shared HTTP client. What it answers is what `PassthroughRoutes` would answer; every other call goes on to
/// the router. Shared by all of a server's connections.
final class PassthroughRelay: Sendable {
    let routes: PassthroughRoutes
    let apiKeys: APIKeyCache
    let channels: UpstreamChannels
    let logger: Logger
    private let connections = RelayedConnections()

    init(routes: PassthroughRoutes, apiKeys: APIKeyCache, channels: UpstreamChannels, logger: Logger) {
        self.routes = routes
        self.apiKeys = apiKeys
        self.channels = channels
        self.logger = logger
    }

    var metrics: LatchkeyMetrics { routes.metrics }

    /// A handler for one server connection, behind SwiftNIO's HTTP/1 decoder.
    func makeHandler() -> PassthroughRelayHandler {
        PassthroughRelayHandler(relay: self)
    }

    /// A handler for one server connection, in front of SwiftNIO's HTTP/1 decoder, that tells `observer` of the
    /// requests it relays.
    func makeByteHandler(observer: (any RelayedRequestObserver)?) -> ByteRelayHandler {
        ByteRelayHandler(relay: self, observer: observer)
    }

    /// The plan for relaying `request`, or `nil` when the router should answer it; `recentKey` is the server
    /// connection's.
    func plan(_ request: RelayedRequest, recentKey: inout RecentAPIKey) -> RelayPlan? {
        let configuration = routes.configuration
        guard request.bodyLength <= min(RelayPlan.bodyLimit, configuration.passthroughMaxBodySize),
            request.headerSize <= configuration.passthroughMaxHeaderSize, let keyHash = recentKey.hash(of: request.authorizationValue),
            let workspaceID = apiKeys.workspaceID(forKeyHash: keyHash),
            let version = routes.store.keptConnectionVersion(id: request.connectionID, workspaceID: workspaceID),
            let connection = connections.settings(
                id: request.connectionID, version: version,
                make: { routes.store.keptConnectionRecord(id: request.connectionID, workspaceID: workspaceID).flatMap { settings(of: $0) } }),
            routes.refresher.isFresh(until: connection.freshUntil),
            connection.integration.passthrough?.retry == nil,
            let (path, query) = try? PassthroughTarget.parts(of: request.remainderBytes)
        else { return nil }
        let first: UpstreamRequest? =
            if let template = connection.template {
                UpstreamRequest(relaying: request, path: path, query: query, template: template)
            } else {
                RelayPlan.upstreamRequest(for: request, settings: connection, connection: connection.record.connection, body: nil)
            }
        guard let first else { return nil }
        return RelayPlan(settings: connection, request: request, first: first)
    }

    /// The plan for relaying `head`, as SwiftNIO's decoder read it.
    func plan(_ head: HTTPRequestHead, recentKey: inout RecentAPIKey) -> RelayPlan? {
        RelayedRequest(head).flatMap { plan($0, recentKey: &recentKey) }
    }

    /// The settings of `record`'s version, when its calls can be relayed at all.
    private func settings(of record: ConnectionRecord) -> RelayedConnection? {
        let connection = record.connection
        guard let integration = routes.catalog.integration(type: connection.integrationType), let auth = connection.auth,
            let base = try? APIBase.url(for: auth, integration: integration), let origin = UpstreamOrigin(base),
            channels.canReach(origin.endpoint)
        else { return nil }
        let credentials: FixedCredentials?
        do {
            credentials = try CredentialApplier.fixedCredentials(auth, integration: integration)
        } catch {
            return nil
        }
        let trimmedBase = PassthroughTarget.Base(base)
        return RelayedConnection(
            record: record, integration: integration, base: trimmedBase, origin: origin, credentials: credentials,
            template: credentials.flatMap { UpstreamRequestTemplate(base: trimmedBase, origin: origin, credentials: $0) },
            freshUntil: routes.refresher.freshUntil(connection))
    }
}

/// The hash of the API key a server connection sent last: a caller sends the same key with every call on its
/// connection, and has it hashed once. (Whether the key is still valid is asked each time.)
struct RecentAPIKey {
    private var header: [UInt8] = []
    private var hash: String?

    /// The hash of the API key in `header`, an `Authorization` value; `nil` when it holds none.
    mutating func hash(of header: ByteBufferView) -> String? {
        if let hash, header.elementsEqual(self.header) { return hash }
        guard let key = APIKeyMiddleware.apiKey(in: String(decoding: header, as: UTF8.self)) else { return nil }
        let hash = Store.hash(apiKey: String(key))
        self.header = Array(header)
        self.hash = hash
        return hash
    }
}
