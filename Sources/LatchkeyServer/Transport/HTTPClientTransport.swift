import AsyncHTTPClient
import Foundation
import LatchkeyOAuth
import NIOCore
import NIOHTTP1

/// Sends OAuth requests with AsyncHTTPClient: one client with connection pooling, a time limit per request,
/// and a cap on how much of a provider's answer is read. Redirects are never followed.
public final class HTTPClientTransport: OAuthTransport {
    private let client: HTTPClient
    private let timeout: TimeAmount
    private let maxResponseSize: Int

    public init(timeout: Duration = .seconds(10), maxResponseSize: Int = 1 << 20) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(Int64(timeout.components.seconds)))
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = .seconds(Int64(timeout.components.seconds))
        self.maxResponseSize = maxResponseSize
    }

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

    /// Closes the client's connections; call once the server has stopped.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Runs `body` with a new transport and shuts it down afterwards, whether `body` succeeds or not.
    public static func using<Result>(_ body: (HTTPClientTransport) async throws -> Result) async throws -> Result {
        let transport = HTTPClientTransport()
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
