import Foundation
import LatchkeyOAuth
import LatchkeyServer
import LatchkeyTestSupport

/// The transport every test server uses: the real one, refusing any host but this machine, so a test that
/// would reach the internet fails at once instead.
struct LoopbackOnlyTransport: OAuthTransport {
    let base: HTTPClientTransport

    func send(_ request: OutgoingRequest) async throws -> IncomingResponse {
        let host = URLComponents(string: request.url)?.host ?? ""
        guard host == "127.0.0.1" || host == "localhost" || host == "::1" else {
            throw TestSetupError("a test tried to reach \(host), beyond this machine")
        }
        return try await base.send(request)
    }
}
