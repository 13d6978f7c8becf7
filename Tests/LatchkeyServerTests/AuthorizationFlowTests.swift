import Foundation
import Hummingbird
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyServer
import LatchkeyTestSupport
import Testing

/// The whole authorization-code flow against django-oauth-toolkit, without a browser.
@Suite(.serialized) struct AuthorizationFlowTests {
    static let success = "https://app.example/connected"
    static let failure = "https://app.example/failed"

    /// Runs `body` with a Latchkey on a known port and a real OAuth server that knows its callback.
    static func withFlow(_ body: @Sendable @escaping (ServerUnderTest, OAuthServerPeer, Int) async throws -> Void) async throws {
        let port = try freeLoopbackPort()
        guard let peer = try await OAuthServerPeer.start(redirectURI: "http://127.0.0.1:\(port)/oauth/callback") else { return }
        defer { peer.stop() }
        try await withServer(port: port, catalog: Catalog(Catalog.builtIn().integrations + [peer.integration])) { server in
            _ = try await server.store.configureIntegrationApp(
                workspaceID: server.workspaceID, integrationType: "dot", clientID: peer.clientID, clientSecret: peer.clientSecret, scopes: nil)
            try await body(server, peer, port)
        }
    }

    static func authorizeURL(_ server: ServerUnderTest, extra: String = "") async throws -> String {
        let query = "success_redirect=\(success)&failure_redirect=\(failure)&state=caller-state&external_xref=user-7\(extra)"
        let response = try await server.request(.get, "/unified/integration/auth/\(server.workspaceID)/dot?\(query)", authorization: "")
        try #require(response.status == .ok, "\(response.text)")
        #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
        return response.text
    }

    @Test func anEndUserAuthorizesAndTheConnectionIsStoredWithWorkingTokens() async throws {
        try await Self.withFlow { server, peer, port in
            let url = try await Self.authorizeURL(server)
            #expect(url.hasPrefix(peer.base + "/o/authorize/?response_type=code&client_id=\(peer.clientID)"))
            let parameters = BrowserHop.query(url)
            #expect(parameters["redirect_uri"] == "http://127.0.0.1:\(port)/oauth/callback")
            #expect(parameters["code_challenge_method"] == "S256")
            #expect(parameters["scope"] == "read write")
            #expect((parameters["state"]?.count ?? 0) >= 43)

            let consent = try await BrowserHop.get(url)
            #expect(consent.status == 302, "\(consent.body)")
            let callback = try #require(consent.location)
            #expect(callback.hasPrefix("http://127.0.0.1:\(port)/oauth/callback?code="))

            let back = try await BrowserHop.get(callback)
            #expect(back.status == 302, "\(back.body)")
            let landing = try #require(back.location)
            #expect(landing.hasPrefix(Self.success + "?"))
            let id = try #require(BrowserHop.query(landing)["id"])
            #expect(BrowserHop.query(landing)["state"] == "caller-state")

            let connection = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID))
            #expect(connection.integrationType == "dot")
            #expect(connection.integrationName == "Django OAuth Toolkit")
            #expect(connection.externalXref == "user-7")
            let auth = try #require(connection.auth)
            let accessToken = try #require(auth.accessToken)
            #expect(auth.refreshToken?.isEmpty == false)
            #expect(auth.expiresIn == 3600)
            #expect(auth.expiryDate.map { $0.timeIntervalSinceNow > 3500 } == true)
            #expect(auth.clientSecret == nil, "the app's secret stays with the app")

            let me = try await httpRequest("GET", peer.base + "/api/me", authorization: "Bearer \(accessToken)")
            #expect(me.status == 200)
            #expect(me.body.contains("alice"))

            let replay = try await BrowserHop.get(callback)
            #expect(replay.status == 302)
            #expect(replay.location == Self.failure + "?error=reused_state&state=caller-state")
            #expect(try await server.connectionCount() == 1)
        }
    }

    @Test func deniedConsentAndAFailedExchangeRedirectWithAnErrorAndStoreNothing() async throws {
        try await Self.withFlow { server, _, port in
            let denied = BrowserHop.query(try await Self.authorizeURL(server))["state"]!
            let refusal = try await BrowserHop.get("http://127.0.0.1:\(port)/oauth/callback?error=access_denied&state=\(denied)")
            #expect(refusal.status == 302)
            #expect(refusal.location == Self.failure + "?error=access_denied&state=caller-state")

            let forged = BrowserHop.query(try await Self.authorizeURL(server))["state"]!
            let exchange = try await BrowserHop.get("http://127.0.0.1:\(port)/oauth/callback?code=not-a-real-code&state=\(forged)")
            #expect(exchange.status == 302)
            #expect(exchange.location == Self.failure + "?error=invalid_grant&state=caller-state")

            let unknown = try await BrowserHop.get("http://127.0.0.1:\(port)/oauth/callback?code=x&state=never-issued")
            #expect(unknown.status == 400)
            #expect(try await server.connectionCount() == 0)
        }
    }

    @Test func connectionIDReauthorizesInPlace() async throws {
        try await Self.withFlow { server, _, _ in
            func authorize(_ extra: String = "") async throws -> String {
                let consent = try await BrowserHop.get(try await Self.authorizeURL(server, extra: extra))
                let back = try await BrowserHop.get(try #require(consent.location))
                let landing = try #require(back.location)
                return try #require(BrowserHop.query(landing)["id"])
            }
            let first = try await authorize()
            let before = try #require(try await server.store.connection(id: first, workspaceID: server.workspaceID))
            _ = try await server.store.updateConnection(id: first, workspaceID: server.workspaceID) { current in
                var next = current
                next.lastUnhealthyAt = Date()
                next.lastUnhealthyCode = "invalid_grant"
                return next
            }
            let again = try await authorize("&connection_id=\(first)")
            #expect(again == first)
            let after = try #require(try await server.store.connection(id: first, workspaceID: server.workspaceID))
            #expect(after.auth?.accessToken != before.auth?.accessToken)
            #expect(after.lastUnhealthyCode == nil)
            #expect(after.lastHealthyAt != nil)
            #expect(try await server.connectionCount() == 1)
        }
    }

    @Test(arguments: [
        ("success_redirect=/relative", 422, "success_redirect"),
        ("failure_redirect=javascript:alert(1)", 422, "failure_redirect"),
    ])
    func badAuthorizeParametersAreRefused(query: String, status: Int, field: String) async throws {
        try await Self.withFlow { server, _, _ in
            let response = try await server.request(.get, "/unified/integration/auth/\(server.workspaceID)/dot?\(query)", authorization: "")
            #expect(response.status.code == status)
            #expect(response.error["field"] as? String == field)
        }
    }

    @Test func unknownWorkspacesIntegrationsAndUnconfiguredAppsAreRefused() async throws {
        try await withServer { server in
            #expect(try await server.request(.get, "/unified/integration/auth/nosuch/github", authorization: "").status == .notFound)
            #expect(try await server.request(.get, "/unified/integration/auth/\(server.workspaceID)/nosuch", authorization: "").status == .notFound)
            let unconfigured = try await server.request(.get, "/unified/integration/auth/\(server.workspaceID)/github", authorization: "")
            #expect(unconfigured.status == .unprocessableContent)
            #expect(unconfigured.error["code"] as? String == "integration_not_configured")
        }
    }

    @Test func redirectTrueAnswersA302ToTheProvider() async throws {
        try await withServer { server in
            _ = try await server.store.configureIntegrationApp(
                workspaceID: server.workspaceID, integrationType: "shopify", clientID: "c", clientSecret: "s", scopes: nil)
            let missing = try await server.request(.get, "/unified/integration/auth/\(server.workspaceID)/shopify", authorization: "")
            #expect(missing.status == .unprocessableContent)
            #expect(missing.error["field"] as? String == "subdomain")
            let hostile = try await server.request(
                .get, "/unified/integration/auth/\(server.workspaceID)/shopify?subdomain=evil.example%2F", authorization: "")
            #expect(hostile.status == .unprocessableContent)
            let response = try await server.request(
                .get, "/unified/integration/auth/\(server.workspaceID)/shopify?subdomain=acme&redirect=true", authorization: "")
            #expect(response.status == .found)
            #expect(response.headers[.location]?.hasPrefix("https://acme.myshopify.com/admin/oauth/authorize?") == true)
        }
    }
}

@Suite struct CallbackURLTests {
    @Test(arguments: [
        (nil, "http://127.0.0.1:8080/oauth/callback"), ("https://latchkey.example", "https://latchkey.example/oauth/callback"),
        ("https://latchkey.example/base/", "https://latchkey.example/base/oauth/callback"),
    ])
    func theRedirectURIComesFromThePublicURL(publicURL: String?, expected: String) {
        #expect(ServerConfiguration(host: "127.0.0.1", port: 8080, publicURL: publicURL).callbackURL == expected)
    }
}
