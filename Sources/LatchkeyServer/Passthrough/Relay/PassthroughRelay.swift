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
    /// How long a call waits for its answer's head (`ServerConfiguration.upstreamTimeout`), as SwiftNIO's timers take it.
    let upstreamTimeout: TimeAmount
    private let connections = RelayedConnections()

    init(routes: PassthroughRoutes, apiKeys: APIKeyCache, channels: UpstreamChannels, logger: Logger) {
        self.routes = routes
        self.apiKeys = apiKeys
        self.channels = channels
        self.logger = logger
        upstreamTimeout = TimeAmount(routes.configuration.upstreamTimeout)
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

    /// What planning a call came to.
    enum Planning {
        case planned(RelayPlan)
        /// Memory does not hold the workspace the caller's key proves, or the connection called: `recall` may read
        /// them in.
        case needsRecall
        /// The router answers the call.
        case routed
    }

    /// The plan for relaying `request`, when it can be made; `memory` is the server connection's.
    func plan(_ request: RelayedRequest, memory: inout CallerMemory, now: NIODeadline = .now()) -> Planning {
        let configuration = routes.configuration
        guard request.bodyLength <= min(RelayPlan.bodyLimit, configuration.passthroughMaxBodySize),
            request.headerSize <= configuration.passthroughMaxHeaderSize
        else { return .routed }
        guard let workspaceID = request.head.withBytes({ memory.workspaceID(for: $0[request.authorization], in: apiKeys, now: now) }),
            case let id = memory.connectionID(calledBy: request),
            let version = routes.store.keptConnectionVersion(id: id, workspaceID: workspaceID, now: now)
        else { return .needsRecall }
        guard let connection = settings(id: id, version: version, workspaceID: workspaceID, memory: &memory) else {
            // A change reported since the version was read drops the connection from memory.
            return routes.store.keptConnectionRecord(id: id, workspaceID: workspaceID)?.version == version ? .routed : .needsRecall
        }
        guard routes.refresher.isFresh(until: connection.freshUntil), connection.integration.passthrough?.retry == nil,
            let (path, query) = request.head.withBytes({ try? PassthroughTarget.parts(of: $0[request.remainder]) })
        else { return .routed }
        let first: UpstreamRequest? =
            if let template = connection.template {
                UpstreamRequest(relaying: request, path: path, query: query, template: template, writingIn: memory.requestBytes)
            } else {
                RelayPlan.upstreamRequest(for: request, settings: connection, connection: connection.record.connection, body: nil)
            }
        guard let first else { return .routed }
        return .planned(RelayPlan(settings: connection, request: request, first: first))
    }

    /// Reads into memory what planning `request` needs: the workspace the caller's key proves (as
    /// `APIKeyMiddleware` would) and the connection (as the passthrough route would read it). Whether both are in
    /// memory now: `false` when either is not found. (Both may be there already, read in by another server
    /// connection's call since this one's plan found them missing.)
    func recall(_ request: RelayedRequest) async -> Bool {
        guard let hash = APIKeyMiddleware.keyHash(in: request.head.string(request.authorization)),
            let workspaceID = try? await apiKeys.workspaceID(forKeyHash: hash, readingFrom: routes.store)
        else { return false }
        if routes.store.keptConnectionVersion(id: request.connectionID, workspaceID: workspaceID) != nil { return true }
        return (try? await routes.store.recentConnectionRecord(id: request.connectionID, workspaceID: workspaceID)) != nil
    }

    /// The plan for relaying `head`, as SwiftNIO's decoder read it.
    func plan(_ head: HTTPRequestHead, memory: inout CallerMemory) -> RelayPlan? {
        guard let request = RelayedRequest(head), case .planned(let plan) = plan(request, memory: &memory) else { return nil }
        return plan
    }

    /// The settings of version `version` of connection `id`: the caller's last ones when they are those, else the
    /// relay's, else made from the store's record (and remembered by both).
    private func settings(id: String, version: Int64, workspaceID: String, memory: inout CallerMemory) -> RelayedConnection? {
        if let remembered = memory.connection(id: id, version: version) { return remembered }
        let found = connections.settings(id: id, version: version) {
            routes.store.keptConnectionRecord(id: id, workspaceID: workspaceID).flatMap { settings(of: $0) }
        }
        memory.remember(found)
        return found
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
