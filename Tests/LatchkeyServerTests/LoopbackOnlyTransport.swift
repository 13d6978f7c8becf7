import AsyncHTTPClient
import Foundation
import LatchkeyOAuth
import LatchkeyServer
import LatchkeyTestSupport
import NIOCore
import NIOSSL
import Synchronization

/// The transport every test server uses: the real one, refusing any host but this machine, so a test that
/// would reach the internet fails at once instead. It keeps every URL it was asked to reach, through the shared
/// client or through the relay's channels.
final class LoopbackOnlyTransport: UpstreamTransport {
    let base: HTTPClientTransport
    let relayChannels: UpstreamChannels
    private let reached: ReachedURLs

    /// - Parameter relayConnectionsPerEndpoint: how many upstream connections the relay may hold to one endpoint
    ///   on each event loop.
    /// - Parameter relayIdleTimeout: how long an upstream may stay silent within a relayed answer.
    /// - Parameter tls: how the relay speaks to `https` upstreams (`base` is given its own).
    init(
        base: HTTPClientTransport, relayConnectionsPerEndpoint: Int = HTTPClientTransport.defaultConnectionsPerHost,
        relayIdleTimeout: Duration = .seconds(60), tls: TLSConfiguration = .makeClientConfiguration()
    ) {
        self.base = base
        let reached = ReachedURLs()
        self.reached = reached
        self.relayChannels = UpstreamChannels(
            connectionsPerEndpoint: relayConnectionsPerEndpoint, idleTimeout: relayIdleTimeout, tls: tls,
            admit: { url in try reached.check(url) })
    }

    /// Every URL sent so far, in order.
    var urls: [String] { reached.urls.withLock { $0 } }

    func send(_ request: OutgoingRequest) async throws -> IncomingResponse {
        try reached.check(request.url)
        return try await base.send(request)
    }

    func execute(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
        try reached.check(request.url)
        return try await base.execute(request, timeout: timeout)
    }

    func shutdown() async {
        await relayChannels.shutdown()
        await base.shutdown()
    }
}

private final class ReachedURLs: Sendable {
    let urls = Mutex<[String]>([])

    func check(_ url: String) throws {
        urls.withLock { $0.append(url) }
        let host = URLComponents(string: url)?.host ?? ""
        guard host == "127.0.0.1" || host == "localhost" || host == "::1" else {
            throw TestSetupError("a test tried to reach \(host), beyond this machine")
        }
    }
}
