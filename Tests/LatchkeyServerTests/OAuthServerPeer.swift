import AsyncHTTPClient
import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyTestSupport
import NIOCore
import Testing

/// django-oauth-toolkit, started from `Tests/peers/oauth_server/server.py` in the test virtual environment.
final class OAuthServerPeer: Sendable {
    let peer: PythonPeer
    static let clientID = "latchkey-test-client"
    static let clientSecret = "latchkey-test-secret-canary"
    var clientID: String { Self.clientID }
    var clientSecret: String { Self.clientSecret }

    /// Starts the peer, or answers `nil` (skip) outside CI when the test Python is not set up.
    /// - Parameters:
    ///   - refreshDelay: seconds the server takes over each refresh before answering it.
    ///   - reuseProtection: whether a refresh token used twice revokes the whole grant.
    static func start(
        redirectURI: String, accessTokenSeconds: Int = 3600, refreshDelay: Double = 0, reuseProtection: Bool = false
    ) async throws -> OAuthServerPeer? {
        let peer = try await PythonPeer.start(
            "oauth_server/server.py",
            arguments: [
                "--client-id", clientID, "--client-secret", clientSecret, "--redirect-uri", redirectURI,
                "--access-token-seconds", String(accessTokenSeconds), "--refresh-delay", String(refreshDelay),
            ] + (reuseProtection ? ["--reuse-protection"] : []))
        return peer.map(OAuthServerPeer.init)
    }

    private init(peer: PythonPeer) { self.peer = peer }

    var port: Int { peer.port }
    var base: String { peer.base }

    /// A catalog entry for this server, as a user would write one.
    var integration: Integration {
        Integration(
            type: "dot", name: "Django OAuth Toolkit", categories: ["auth"], apiURL: base + "/api",
            docsURL: "https://django-oauth-toolkit.readthedocs.io",
            auth: IntegrationAuth(
                oauth2: OAuth2Settings(
                    authorizeURL: base + "/o/authorize/", tokenURL: base + "/o/token/", revokeURL: base + "/o/revoke_token/",
                    scopes: ["read", "write"], tokenRequestAuth: .clientSecretBasic)))
    }

    /// The refresh tokens refreshes were asked with, in order.
    func refreshLog() async throws -> [String] {
        let answer = try await httpRequest("GET", base + "/api/refresh-log")
        let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
        return object?["refresh_tokens"] as? [String] ?? []
    }

    func stop() { peer.stop() }
}

/// An HTTP client that does not follow redirects, to walk an OAuth flow one hop at a time as a browser would.
enum BrowserHop {
    static func get(_ url: String) async throws -> (status: Int, location: String?, body: String) {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            try await client.shutdown()
            return (Int(response.status.code), response.headers.first(name: "location"), String(buffer: body))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// The query parameters of `url`.
    static func query(_ url: String) -> [String: String] {
        Dictionary(
            (URLComponents(string: url)?.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }
}
