import AsyncHTTPClient
import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyTestSupport
import NIOCore
import Testing

/// django-oauth-toolkit, started from `Tests/peers/oauth_server/server.py` in the test virtual environment.
final class OAuthServerPeer: Sendable {
    let process: Process
    let port: Int
    let clientID = "latchkey-test-client"
    let clientSecret = "latchkey-test-secret-canary"

    /// Starts the peer, or answers `nil` (skip) outside CI when the test Python is not set up.
    static func start(redirectURI: String, accessTokenSeconds: Int = 3600) async throws -> OAuthServerPeer? {
        guard let python = ProcessInfo.processInfo.environment["LATCHKEY_TEST_PYTHON"] else {
            if TestBackend.peersRequired { throw TestSetupError("LATCHKEY_TEST_PYTHON is not set: run the tests with scripts/test") }
            print("note: OAuth server tests skipped; run scripts/test to include them")
            return nil
        }
        return try await OAuthServerPeer(python: python, redirectURI: redirectURI, accessTokenSeconds: accessTokenSeconds)
    }

    private init(python: String, redirectURI: String, accessTokenSeconds: Int) async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("peers/oauth_server/server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            script, "--client-id", clientID, "--client-secret", clientSecret, "--redirect-uri", redirectURI, "--access-token-seconds",
            String(accessTokenSeconds),
        ]
        let output = OutputBuffer()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in output.append(handle.availableData) }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            if let match = output.text.firstMatch(of: /READY (\d+)/) {
                port = Int(match.output.1)!
                break
            }
            guard process.isRunning, ContinuousClock.now < deadline else {
                process.terminate()
                throw TestSetupError("the OAuth server did not start: \(output.text)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    var base: String { "http://127.0.0.1:\(port)" }

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

    /// Kills the peer. SIGKILL, because a test process running a `ServiceGroup` ignores SIGTERM, and children
    /// inherit ignored signals.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
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
