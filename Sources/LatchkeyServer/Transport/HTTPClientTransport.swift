import AsyncHTTPClient
import Foundation
import LatchkeyOAuth
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends requests with AsyncHTTPClient: one client with connection pooling and keep-alive, shared by OAuth requests
/// (a time limit each, a cap on how much of a provider's answer is read) and passthrough calls (streamed). Redirects
/// are never followed, and a host that cannot be connected to (refused, or a certificate that fails its checks)
/// fails the requests waiting for it at once, as a proxy should, instead of being tried again until the connect
/// timeout. (The refresher has its own backoff for token endpoints.)
public final class HTTPClientTransport: OAuthTransport {
    private let client: HTTPClient
    private let timeout: TimeAmount
    private let maxResponseSize: Int
    public let relayChannels: UpstreamChannels

    /// - Parameters:
    ///   - timeout: how long an OAuth request may take.
    ///   - idleTimeout: how long any connection may sit without a byte arriving, within a streamed body too.
    ///   - connectionsPerHost: how many connections to one host may be open at once; calls beyond it wait for one.
    ///   - tls: how `https` hosts are spoken to and trusted, by the client and the relay alike.
    public init(
        timeout: Duration = .seconds(60), idleTimeout: Duration = .seconds(60), maxResponseSize: Int = 1 << 20,
        connectionsPerHost: Int = HTTPClientTransport.defaultConnectionsPerHost, tls: TLSConfiguration = .makeClientConfiguration()
    ) {
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(Int64(idleTimeout.components.seconds)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connectionsPerHost))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        configuration.tracing.tracer = nil  // no spans are exported; building them costs a few per cent of a passthrough call
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = .seconds(Int64(timeout.components.seconds))
        self.maxResponseSize = maxResponseSize
        self.relayChannels = UpstreamChannels(connectionsPerEndpoint: connectionsPerHost, idleTimeout: idleTimeout, tls: tls)
    }

    /// Enough for a busy product's calls to one API without queueing (AsyncHTTPClient's own default is 8).
    public static let defaultConnectionsPerHost = 128

    public func send(_ request: OutgoingRequest) async throws -> IncomingResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if !request.body.isEmpty { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        let response = try await client.execute(outgoing, timeout: timeout)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        let body = try await response.body.collect(upTo: maxResponseSize)
        return IncomingResponse(status: Int(response.status.code), headers: headers, body: Array(buffer: body))
    }

    public func execute(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
        try await client.execute(request, timeout: timeout)
    }

    /// Closes the client's connections; call once the server has stopped.
    public func shutdown() async {
        await relayChannels.shutdown()
        try? await client.shutdown()
    }

    /// Runs `body` with a new transport and shuts it down afterwards, whether `body` succeeds or not.
    public static func using<Result>(
        timeout: Duration = .seconds(60), connectionsPerHost: Int = defaultConnectionsPerHost, tls: TLSConfiguration = .makeClientConfiguration(),
        _ body: (HTTPClientTransport) async throws -> Result
    ) async throws -> Result {
        let transport = HTTPClientTransport(timeout: timeout, connectionsPerHost: connectionsPerHost, tls: tls)
        do {
            let result = try await body(transport)
            await transport.shutdown()
            return result
        } catch {
            await transport.shutdown()
            throw error
        }
    }
}
