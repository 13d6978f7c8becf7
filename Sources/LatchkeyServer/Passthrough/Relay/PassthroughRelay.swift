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

    /// The plan for relaying `head`, or `nil` when the router should answer it; `recentKey` is the server
    /// connection's.
    func plan(_ head: HTTPRequestHead, recentKey: inout RecentAPIKey) -> RelayPlan? {
        let path = head.uri
        guard head.version == .http1_1, head.method != .HEAD, path.hasPrefix("/passthrough/"), let method = HTTPRequest.Method(head.method.rawValue),
            PassthroughRoutes.methods.contains(method), let bodyLength = relayedBodyLength(head.headers),
            case let authorization = head.headers["authorization"], authorization.count == 1,
            let keyHash = recentKey.hash(of: authorization[0]), let workspaceID = apiKeys.workspaceID(forKeyHash: keyHash)
        else { return nil }
        let afterPrefix = path.utf8.dropFirst("/passthrough/".utf8.count)
        let id = afterPrefix.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") }
        guard !id.isEmpty, id.allSatisfy({ Self.isIDByte($0) }),
            let record = routes.store.keptConnectionRecord(id: String(Substring(id)), workspaceID: workspaceID),
            let connection = connections.settings(for: record, make: { settings(of: record) }),
            routes.refresher.isFresh(until: connection.freshUntil),
            connection.integration.passthrough?.retry == nil,
            let target = try? PassthroughTarget(remainder: Substring(afterPrefix[id.endIndex...])),
            let forwarded = try? ForwardedHeaders.request(head.headers, limit: routes.configuration.passthroughMaxHeaderSize),
            let url = try? target.url(under: connection.base),
            let first = RelayPlan.upstreamRequest(
                method: method, url: url, forwarded: forwarded, bodyLength: bodyLength, origin: connection.origin,
                connection: record.connection, integration: connection.integration, credentials: connection.credentials)
        else { return nil }
        return RelayPlan(
            record: record, settings: connection, method: method, forwarded: forwarded, url: url,
            route: afterPrefix[id.endIndex...].first == UInt8(ascii: "/") ? "/passthrough/{id}/**" : "/passthrough/{id}",
            bodyLength: bodyLength, first: first)
    }

    /// The length of the body a request with `headers` brings, when the relay takes it: none, or one of a known
    /// length within both `RelayPlan.bodyLimit` and the server's body limit (the router answers 413 above it), and
    /// no expectation left (`ContinueHandler` has met and removed `100-continue`).
    private func relayedBodyLength(_ headers: HTTPHeaders) -> Int? {
        guard !headers.contains(name: "transfer-encoding"), !headers.contains(name: "expect") else { return nil }
        let lengths = headers["content-length"]
        guard let declared = lengths.first else { return 0 }
        guard lengths.count == 1, declared.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let length = Int(declared),
            length <= min(RelayPlan.bodyLimit, routes.configuration.passthroughMaxBodySize)
        else { return nil }
        return length
    }

    /// The settings of `record`'s version, when its calls can be relayed at all.
    private func settings(of record: ConnectionRecord) -> RelayedConnection? {
        let connection = record.connection
        guard let integration = routes.catalog.integration(type: connection.integrationType), let auth = connection.auth,
            let base = try? APIBase.url(for: auth, integration: integration), let origin = UpstreamOrigin(base),
            channels.canReach(origin.endpoint)
        else { return nil }
        do {
            return RelayedConnection(
                version: record.version, integration: integration, base: PassthroughTarget.Base(base), origin: origin,
                credentials: try CredentialApplier.fixedCredentials(auth, integration: integration),
                freshUntil: routes.refresher.freshUntil(connection))
        } catch {
            return nil
        }
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}

/// The hash of the API key a server connection sent last: a caller sends the same key with every call on its
/// connection, and has it hashed once. (Whether the key is still valid is asked each time.)
struct RecentAPIKey {
    private var header: String?
    private var hash: String?

    /// The hash of the API key in `header`, an `Authorization` value; `nil` when it holds none.
    mutating func hash(of header: String) -> String? {
        if header == self.header { return hash }
        guard let key = APIKeyMiddleware.apiKey(in: header) else { return nil }
        let hash = Store.hash(apiKey: String(key))
        self.header = header
        self.hash = hash
        return hash
    }
}
