import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyServer
import LatchkeyTestSupport
import Testing

/// The three-legged OAuth 1.0a flow through Latchkey's authorize endpoint and callback, against oauthlib's provider.
@Suite(.serialized) struct OAuth1FlowTests {
    static let consumerKey = "latchkeyconsumer00000002"
    static let consumerSecret = "oauth1-consumer-secret-canary"
    static let success = "https://app.example/connected"
    static let failure = "https://app.example/failed"

    static func integration(_ peer: PythonPeer) -> Integration {
        Integration(
            type: "oauthlib", name: "oauthlib provider", categories: ["accounting"], apiURL: peer.base + "/api",
            auth: IntegrationAuth(
                oauth1: OAuth1Settings(
                    requestTokenURL: peer.base + "/oauth/request_token", authorizeURL: peer.base + "/oauth/authorize",
                    accessTokenURL: peer.base + "/oauth/access_token")))
    }

    static func withFlow(
        logs: CapturedLogs? = nil, _ body: @Sendable @escaping (ServerUnderTest, PythonPeer, Int) async throws -> Void
    ) async throws {
        let port = try freeLoopbackPort()
        guard
            let peer = try await PythonPeer.start(
                "oauth1_provider/server.py", arguments: ["--consumer-key", consumerKey, "--consumer-secret", consumerSecret])
        else { return }
        defer { peer.stop() }
        try await withServer(logs: logs, port: port, catalog: Catalog(Catalog.builtIn().integrations + [integration(peer)])) { server in
            _ = try await server.store.configureIntegrationApp(
                workspaceID: server.workspaceID, integrationType: "oauthlib", clientID: consumerKey, clientSecret: consumerSecret, scopes: nil)
            try await body(server, peer, port)
        }
    }

    static func authorizeURL(_ server: ServerUnderTest) async throws -> String {
        let query = "success_redirect=\(success)&failure_redirect=\(failure)&state=caller-state&external_xref=user-9"
        let response = try await server.request(.get, "/unified/integration/auth/\(server.workspaceID)/oauthlib?\(query)", authorization: "")
        try #require(response.status == .ok, "\(response.text)")
        return response.text
    }

    @Test func anEndUserAuthorizesAndTheTokenCredentialsSignRequests() async throws {
        try await Self.withFlow { server, peer, port in
            let url = try await Self.authorizeURL(server)
            #expect(url.hasPrefix(peer.base + "/oauth/authorize?oauth_token="))

            let approval = try await BrowserHop.get(url)
            #expect(approval.status == 302, "\(approval.body)")
            let callback = try #require(approval.location)
            #expect(callback.hasPrefix("http://127.0.0.1:\(port)/oauth/callback?state="))
            #expect(BrowserHop.query(callback)["oauth_verifier"]?.isEmpty == false)

            let back = try await BrowserHop.get(callback)
            #expect(back.status == 302, "\(back.body)")
            let landing = try #require(back.location)
            #expect(landing.hasPrefix(Self.success + "?"), "\(landing)")
            #expect(BrowserHop.query(landing)["state"] == "caller-state")
            let id = try #require(BrowserHop.query(landing)["id"])

            let connection = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID))
            #expect(connection.externalXref == "user-9")
            let auth = try #require(connection.auth)
            #expect(auth.consumerKey == Self.consumerKey)
            #expect(auth.consumerSecret == nil, "the consumer secret stays with the app")
            #expect(auth.token?.isEmpty == false)
            #expect(auth.key?.isEmpty == false)
            #expect(auth.kind(in: Self.integration(peer).auth) == .oauth1)

            let app = try await server.store.integrationApp(workspaceID: server.workspaceID, integrationType: "oauthlib")
            var request = OutgoingRequest(method: "GET", url: peer.base + "/api/me?x=%C3%A9")
            try await CredentialApplier.apply(auth, integration: Self.integration(peer), app: app, to: &request)
            let me = try await httpRequest("GET", request.url, authorization: request.headers["authorization"])
            #expect(me.status == 200, "\(me.body)")

            let replay = try await BrowserHop.get(callback)
            #expect(replay.location == Self.failure + "?error=reused_state&state=caller-state")
            let stats = try await httpRequest("GET", peer.base + "/stats")
            #expect(stats.body.contains("\"access_tokens_issued\": 1"))
            #expect(try await server.connectionCount() == 1)
        }
    }

    @Test func aCallbackForAnotherTokenOrWithoutVerifierStoresNothing() async throws {
        try await Self.withFlow { server, peer, port in
            let approval = try await BrowserHop.get(try await Self.authorizeURL(server))
            let callback = try #require(approval.location)
            let state = try #require(BrowserHop.query(callback)["state"])
            let forged = "http://127.0.0.1:\(port)/oauth/callback?state=\(state)&oauth_token=someoneelsestoken0000000&oauth_verifier=x"
            let back = try await BrowserHop.get(forged)
            #expect(back.location == Self.failure + "?error=token_mismatch&state=caller-state")

            let second = try #require(try await BrowserHop.get(try await Self.authorizeURL(server)).location)
            let withoutVerifier = second.replacingOccurrences(of: #"&oauth_verifier=[^&]*"#, with: "", options: .regularExpression)
            #expect(try await BrowserHop.get(withoutVerifier).location == Self.failure + "?error=missing_verifier&state=caller-state")
            #expect(try await server.connectionCount() == 0)
            let stats = try await httpRequest("GET", peer.base + "/stats")
            #expect(stats.body.contains("\"access_tokens_issued\": 0"))
        }
    }

    @Test func aProviderThatRefusesTheConsumerIsA502WithoutSecrets() async throws {
        try await Self.withFlow { server, _, _ in
            _ = try await server.store.configureIntegrationApp(
                workspaceID: server.workspaceID, integrationType: "oauthlib", clientID: Self.consumerKey, clientSecret: "wrong-secret-canary",
                scopes: nil)
            let response = try await server.request(.get, "/unified/integration/auth/\(server.workspaceID)/oauthlib", authorization: "")
            #expect(response.status == .badGateway)
            #expect(response.text.contains("provider_error"))
            #expect(!response.text.contains("canary"))
            #expect(try await server.connectionCount() == 0)
        }
    }

    @Test func theFlowsSecretsNeverReachTheDatabaseFilesOrTheLogs() async throws {
        let logs = CapturedLogs()
        try await Self.withFlow(logs: logs) { server, _, _ in
            let callback = try #require(try await BrowserHop.get(try await Self.authorizeURL(server)).location)
            let files = try server.directory.files()
            let temporaryToken = try #require(BrowserHop.query(callback)["oauth_token"])
            let landing = try #require(try await BrowserHop.get(callback).location)
            let id = try #require(BrowserHop.query(landing)["id"])
            let auth = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID)?.auth)
            let secrets = [Self.consumerSecret, try #require(auth.key), try #require(auth.token), temporaryToken]
            for file in files + (try server.directory.files()) {
                #expect(secrets.allSatisfy { file.contents.range(of: Data($0.utf8)) == nil }, "\(file.name) holds a secret")
            }
            #expect(logs.count > 0)
            #expect(secrets.allSatisfy { !logs.text.contains($0) }, "a log line holds a secret")
        }
    }
}
