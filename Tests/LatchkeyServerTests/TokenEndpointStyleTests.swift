import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyTestSupport
import Testing

/// Token requests in the shapes providers document, against a provider that accepts nothing else: Notion's JSON
/// body with HTTP Basic and a `Notion-Version` header, for the code exchange and for refreshes, and a parameter
/// that refreshes carry and the exchange does not.
@Suite struct TokenEndpointStyleTests {
    static let clientID = "style-client"
    static let clientSecret = "style-secret-canary"

    static func withProvider(
        _ arguments: [String], settings: (String) -> OAuth2Settings,
        _ body: @Sendable @escaping (ServerUnderTest, PythonPeer, String) async throws -> Void
    ) async throws {
        let port = try freeLoopbackPort()
        guard
            let peer = try await PythonPeer.start(
                "token_endpoint/server.py", arguments: ["--client-id", clientID, "--client-secret", clientSecret] + arguments)
        else { return }
        defer { peer.stop() }
        let integration = Integration(
            type: "strict-provider", name: "Strict provider", categories: ["kms"], apiURL: peer.base + "/api",
            auth: IntegrationAuth(oauth2: settings(peer.base)))
        try await withServer(port: port, catalog: Catalog(Catalog.builtIn().integrations + [integration])) { server in
            _ = try await server.store.configureIntegrationApp(
                workspaceID: server.workspaceID, integrationType: "strict-provider", clientID: clientID, clientSecret: clientSecret, scopes: nil)
            let start = try await server.request(.get, "/unified/integration/auth/\(server.workspaceID)/strict-provider", authorization: "")
            try #require(start.status == .ok, "\(start.text)")
            let consent = try await BrowserHop.get(start.text)
            let back = try await BrowserHop.get(try #require(consent.location, "\(consent.body)"))
            let id = try #require(back.body.firstMatch(of: /"id":"([0-9a-f]+)"/).map { String($0.output.1) }, "\(back.body)")
            try await body(server, peer, id)
        }
    }

    /// What the provider saw of each token request.
    static func log(_ peer: PythonPeer) async throws -> [[String: Any]] {
        let answer = try await httpRequest("GET", peer.base + "/log")
        return (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["requests"] as? [[String: Any]] ?? []
    }

    static func notionLike(_ base: String) -> OAuth2Settings {
        OAuth2Settings(
            authorizeURL: base + "/authorize", tokenURL: base + "/token", pkce: false, tokenRequestAuth: .clientSecretBasic,
            refreshParameters: ["refresh_only": "yes"], tokenBody: .json, tokenHeaders: ["Notion-Version": "2022-06-28"])
    }

    @Test func aJSONTokenEndpointWithItsHeaderGetsItsExchangeAndRefreshesInItsShape() async throws {
        try await Self.withProvider(["--header", "Notion-Version=2022-06-28", "--refresh-parameter", "refresh_only=yes"], settings: Self.notionLike) {
            server, peer, id in
            let first = try await server.request(.get, "/unified/connection/\(id)")
            let firstToken = try #require((first.object["auth"] as? [String: Any])?["access_token"] as? String, "\(first.text)")
            let refreshed = try await server.request(.post, "/unified/connection/\(id)/refresh")
            #expect(refreshed.status == .ok, "\(refreshed.text)")
            let secondToken = try #require((refreshed.object["auth"] as? [String: Any])?["access_token"] as? String)
            #expect(secondToken != firstToken)
            let again = try await server.request(.post, "/unified/connection/\(id)/refresh")
            #expect(again.status == .ok, "the rotated refresh token was kept: \(again.text)")

            let requests = try await Self.log(peer)
            #expect(requests.map { $0["grant_type"] as? String } == ["authorization_code", "refresh_token", "refresh_token"])
            for request in requests {
                #expect(request["content_type"] as? String == "application/json")
                #expect((request["headers"] as? [String])?.contains("notion-version") == true)
                #expect(!((request["parameters"] as? [String])?.contains("client_secret") ?? true), "the secret goes in the Basic header")
            }
            #expect((requests.first?["parameters"] as? [String])?.contains("refresh_only") == false)
            #expect((requests.last?["parameters"] as? [String])?.contains("refresh_only") == true)
        }
    }

    static func formDefault(_ base: String) -> OAuth2Settings {
        OAuth2Settings(authorizeURL: base + "/authorize", tokenURL: base + "/token", pkce: false, tokenRequestAuth: .clientSecretBasic)
    }

    /// The same provider taking form bodies refuses JSON: the default stays RFC 6749's form.
    @Test func theDefaultIsAFormBody() async throws {
        try await Self.withProvider(["--form"], settings: Self.formDefault) { server, peer, id in
            let refreshed = try await server.request(.post, "/unified/connection/\(id)/refresh")
            #expect(refreshed.status == .ok, "\(refreshed.text)")
            let requests = try await Self.log(peer)
            #expect(requests.map { $0["content_type"] as? String } == ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded"])
        }
    }

    @Test func tokenHeadersThatLatchkeySetsOrThatBreakALineAreRefused() {
        let settings = OAuth2Settings(
            authorizeURL: "https://p.example/authorize", tokenURL: "https://p.example/token",
            tokenHeaders: ["Authorization": "Basic x", "X-Version": "1\r\nX-Injected: 1", "bad name": "v"])
        let issues = Integration(type: "p", name: "P", categories: [], auth: IntegrationAuth(oauth2: settings)).validationIssues()
        let fields = Set(issues.map(\.field))
        #expect(fields.contains("auth.oauth2.token_headers.Authorization"))
        #expect(fields.contains("auth.oauth2.token_headers.X-Version"))
        #expect(fields.contains("auth.oauth2.token_headers"))
    }
}
