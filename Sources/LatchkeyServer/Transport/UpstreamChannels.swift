import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Kept-alive HTTP/1.1 connections to upstream hosts, spoken to in bytes (see `UpstreamAnswerReader`), for passthrough calls relayed on an event loop: each event loop
/// has its own pool, so a call and its upstream connection share a thread and never hop.
///
/// A pool holds at most `connectionsPerEndpoint` connections to one endpoint; a call that finds none free and the
/// pool full is left to the shared HTTP client, which queues. `admit` sees every URL before a connection is used
/// and may refuse it.
///
/// `https` endpoints are spoken to over TLS with `tls` (by default the system's trusted certificate authorities and
/// full verification of the certificate's name, as the shared HTTP client does).
public final class UpstreamChannels: Sendable {
    let connectionsPerEndpoint: Int
    let connectTimeout: TimeAmount
    /// How long an upstream may stay silent within an answer before the call is broken off.
    let idleTimeout: TimeAmount
    private let admit: (@Sendable (_ url: String) throws -> Void)?
    /// `nil` when `tls` could not be loaded: `https` calls then take the shared HTTP client, which reports why.
    private let tls: NIOSSLContext?
    private let pools = Mutex<[ObjectIdentifier: NIOLoopBound<UpstreamChannelPool>]>([:])

    public init(
        connectionsPerEndpoint: Int = HTTPClientTransport.defaultConnectionsPerHost, connectTimeout: Duration = .seconds(5),
        idleTimeout: Duration = .seconds(60), tls: TLSConfiguration = .makeClientConfiguration(),
        admit: (@Sendable (_ url: String) throws -> Void)? = nil
    ) {
        self.connectionsPerEndpoint = max(1, connectionsPerEndpoint)
        self.idleTimeout = TimeAmount(idleTimeout)
        self.connectTimeout = .nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000)
        self.tls = try? NIOSSLContext(configuration: tls)
        self.admit = admit
    }

    /// Whether calls to `endpoint` can be relayed.
    func canReach(_ endpoint: UpstreamEndpoint) -> Bool {
        !endpoint.secure || tls != nil
    }

    /// Refuses `request` when the transport would.
    func check(_ request: UpstreamRequest) throws {
        try admit?(request.url)
    }

    /// The pool of `eventLoop`; call on that loop.
    func pool(on eventLoop: any EventLoop) -> UpstreamChannelPool {
        pools.withLock { pools in
            let key = ObjectIdentifier(eventLoop)
            if let pool = pools[key] { return pool.value }
            let pool = UpstreamChannelPool(eventLoop: eventLoop, limit: connectionsPerEndpoint, connectTimeout: connectTimeout, tls: tls)
            pools[key] = NIOLoopBound(pool, eventLoop: eventLoop)
            return pool
        }
    }

    /// Closes every pooled connection; calls still running keep theirs until they end.
    public func shutdown() async {
        let all = pools.withLock { Array($0.values) }
        for pool in all {
            try? await pool.eventLoop.submit { pool.value.closeIdle() }.get()
        }
    }
}

/// One kept-alive upstream connection: its channel, and the handler at the end of its pipeline that reports the
/// answers to the call holding it. Used on its event loop only.
final class UpstreamConnection {
    let channel: any Channel
    let answers: UpstreamAnswerReader

    init(channel: any Channel, answers: UpstreamAnswerReader) {
        self.channel = channel
        self.answers = answers
    }
}

/// A connection from `UpstreamChannelPool.acquire`: an idle one, at once, or a new one, once connected.
enum AcquiredConnection {
    case idle(UpstreamConnection)
    case connecting(EventLoopFuture<UpstreamConnection>)
}

/// One event loop's upstream connections; used on that loop only.
final class UpstreamChannelPool {
    let eventLoop: any EventLoop
    private let limit: Int
    private let connectTimeout: TimeAmount
    private let tls: NIOSSLContext?
    private var endpoints: [UpstreamEndpoint: Endpoint] = [:]

    /// The connections to one endpoint. A class, so that a call changes them in place once it has looked them up.
    private final class Endpoint {
        var idle: [UpstreamConnection] = []
        /// Connections open or opening, idle or not.
        var open = 0
    }

    init(eventLoop: any EventLoop, limit: Int, connectTimeout: TimeAmount, tls: NIOSSLContext?) {
        self.eventLoop = eventLoop
        self.limit = limit
        self.connectTimeout = connectTimeout
        self.tls = tls
    }

    /// A connection to `endpoint`: an idle one unless `fresh`, else a new one; `nil` when the pool is full, unless
    /// `evenIfFull`.
    func acquire(_ endpoint: UpstreamEndpoint, fresh: Bool = false, evenIfFull: Bool = false) -> AcquiredConnection? {
        let connections = self.connections(to: endpoint)
        while !fresh, let connection = connections.idle.popLast() {
            if connection.channel.isActive { return .idle(connection) }
        }
        guard evenIfFull || connections.open < limit else { return nil }
        connections.open += 1
        let tls = endpoint.secure ? self.tls : nil
        let connecting = ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if endpoint.secure {
                        guard let tls else { throw NIOSSLError.failedToLoadCertificate }
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: endpoint.serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(UpstreamAnswerReader())
                }
            }
            .connect(host: endpoint.host, port: endpoint.port)
            .assumeIsolated()
            .flatMapThrowing { channel in
                guard let answers = try? channel.pipeline.syncOperations.handler(type: UpstreamAnswerReader.self) else {
                    channel.close(promise: nil)
                    throw ChannelError.inappropriateOperationForState
                }
                channel.closeFuture.assumeIsolatedUnsafeUnchecked().whenComplete { _ in Self.closed(channel, in: connections) }
                return UpstreamConnection(channel: channel, answers: answers)
            }
        connecting.whenFailure { _ in connections.open -= 1 }
        return .connecting(connecting.nonisolated())
    }

    /// Takes `connection` back for the next call to `endpoint`, or closes it when it cannot serve one.
    func release(_ connection: UpstreamConnection, to endpoint: UpstreamEndpoint, reusable: Bool) {
        connection.answers.receiver = nil
        guard reusable, !connection.answers.isSpoiled, connection.channel.isActive else {
            connection.channel.close(promise: nil)
            return
        }
        connections(to: endpoint).idle.append(connection)
    }

    func closeIdle() {
        for connections in endpoints.values {
            for connection in connections.idle { connection.channel.close(promise: nil) }
            connections.idle.removeAll()
        }
    }

    /// The connections to `endpoint`, looked up without changing the table in place: a dictionary's in-place access
    /// allocates on each use.
    private func connections(to endpoint: UpstreamEndpoint) -> Endpoint {
        if let connections = endpoints[endpoint] { return connections }
        let connections = Endpoint()
        endpoints[endpoint] = connections
        return connections
    }

    private static func closed(_ channel: any Channel, in connections: Endpoint) {
        connections.open -= 1
        connections.idle.removeAll { $0.channel === channel }
    }
}
