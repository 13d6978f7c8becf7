import AsyncHTTPClient
import LatchkeyOAuth
import NIOCore

/// What the server sends through: OAuth requests (buffered) and passthrough calls (streamed both ways), over one
/// shared HTTP client. Tests wrap it to refuse any host beyond the machine.
public protocol UpstreamTransport: OAuthTransport {
    /// Sends `request` and answers once the response head has arrived; its body streams from the answer. `timeout`
    /// bounds the wait for the head.
    func execute(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse

    /// Connections for passthrough calls relayed on an event loop.
    var relayChannels: UpstreamChannels { get }
}

extension HTTPClientTransport: UpstreamTransport {}
