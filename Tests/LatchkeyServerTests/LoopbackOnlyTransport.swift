import AsyncHTTPClient
import Foundation
import LatchkeyOAuth
import LatchkeyServer
import LatchkeyTestSupport
import NIOCore
import Synchronization

/// The transport every test server uses: the real one, refusing any host but this machine, so a test that
/// would reach the internet fails at once instead. It keeps every URL it was asked to reach.
final class LoopbackOnlyTransport: UpstreamTransport {
    let base: HTTPClientTransport
    private let reached = Mutex<[String]>([])

    init(base: HTTPClientTransport) { self.base = base }

    /// Every URL sent so far, in order.
    var urls: [String] { reached.withLock { $0 } }

    func send(_ request: OutgoingRequest) async throws -> IncomingResponse {
        try check(request.url)
        return try await base.send(request)
    }

    func execute(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
        try check(request.url)
        return try await base.execute(request, timeout: timeout)
    }

    private func check(_ url: String) throws {
        reached.withLock { $0.append(url) }
        let host = URLComponents(string: url)?.host ?? ""
        guard host == "127.0.0.1" || host == "localhost" || host == "::1" else {
            throw TestSetupError("a test tried to reach \(host), beyond this machine")
        }
    }
}
