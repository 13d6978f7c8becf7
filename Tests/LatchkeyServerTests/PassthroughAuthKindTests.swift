import Crypto
import Foundation
import HTTPTypes
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyServer
import LatchkeyTestSupport
import Testing
import _CryptoExtras

/// The passthrough for every auth kind, each against an upstream that checks the credential for real: a header
/// or Basic credential, an OAuth 1.0a signature verified by oauthlib, tokens issued for a GitHub-App JWT or an RFC 7523
/// assertion, and a per-request JWT verified by PyJWT.
@Suite(.serialized) struct PassthroughAuthKindTests {
    /// Calls `path` five times, 150 ms apart, on a server with the relay and on one without it, so that every call
    /// of the second takes the router. With the relay, a connection's first call is held while the connection is read
    /// into memory, and calls are relayed on the event loop when `relayed` (a per-request JWT never is; a token
    /// obtained and stored by a call drops the connection from memory until the change is reported). Every answer must
    /// pass `check`.
    static func proxied(
        _ integration: Integration, auth: String, method: HTTPRequest.Method = .get, path: String, body: String? = nil,
        contentType: String = "application/json", relayed: Bool = true, expect check: @Sendable @escaping (HTTPResult) -> Void
    ) async throws {
        for relayOn in [true, false] {
            let configure = { (configuration: inout ServerConfiguration) in configuration.passthroughRelay = relayOn }
            try await withServer(catalog: Catalog(Catalog.builtIn().integrations + [integration]), configure: configure) { server in
                let id = try await server.createConnection(#"{"integration_type": "\#(integration.type)", "auth": \#(auth)}"#)
                var relayedCalls = 0.0
                for call in 1...5 {
                    if call > 1 { try await Task.sleep(for: .milliseconds(150)) }
                    let before = try await PassthroughRelayTests.relayed(server)
                    let response = try await server.request(method, "/passthrough/\(id)\(path)", body: body, contentType: contentType)
                    #expect(response.status == .ok, "\(integration.type), call \(call), relay \(relayOn): \(response.text)")
                    check(response)
                    relayedCalls += try await PassthroughRelayTests.relayed(server) - before
                }
                let expected = relayOn && relayed
                #expect(expected ? relayedCalls >= 1 : relayedCalls == 0, "\(integration.type): \(relayedCalls) calls relayed")
            }
        }
    }

    @Test func apiKeyInANamedHeaderBasicAndOtherWithAQueryParameter() async throws {
        guard let keyed = try await PythonPeer.start("upstream/server.py", arguments: ["--header", "X-Api-Key", "--value", "k-123"]) else {
            return
        }
        defer { keyed.stop() }
        let token = Integration(
            type: "keyed", name: "Keyed", categories: [], apiURL: keyed.base, tokenNames: ["API Key"],
            auth: IntegrationAuth(token: EnteredCredentialSettings(apply: CredentialPlacement(header: ["X-Api-Key": "{token}"]))))
        try await Self.proxied(token, auth: #"{"token": "k-123"}"#, path: "/me?x=1") { response in
            #expect((response.object["headers"] as? [String: String])?["x-api-key"] == "k-123")
        }
        let other = Integration(
            type: "other", name: "Other", categories: [], apiURL: keyed.base, tokenNames: ["API Key", "Account"],
            auth: IntegrationAuth(
                other: EnteredCredentialSettings(apply: CredentialPlacement(header: ["X-Api-Key": "{API Key}"], query: ["account": "{Account}"]))))
        try await Self.proxied(other, auth: #"{"other_auth_info": ["k-123", "acct 9"]}"#, path: "/me?x=1") { response in
            #expect(response.object["target"] as? String == "/me?x=1&account=acct%209")
        }

        let basicValue = "Basic " + Data("ada:pä ss".utf8).base64EncodedString()
        guard let basicUpstream = try await PythonPeer.start("upstream/server.py", arguments: ["--header", "Authorization", "--value", basicValue])
        else { return }
        defer { basicUpstream.stop() }
        let basic = Integration(
            type: "basicapi", name: "Basic", categories: [], apiURL: basicUpstream.base, tokenNames: ["User", "Password"],
            auth: IntegrationAuth(basic: EnteredCredentialSettings()))
        try await Self.proxied(basic, auth: #"{"other_auth_info": ["ada", "pä ss"]}"#, path: "/me") { _ in }
    }

    @Test func oauth1SignaturesThroughTheProxyVerifyAtOauthlib() async throws {
        guard
            let provider = try await PythonPeer.start(
                "oauth1_provider/server.py",
                arguments: [
                    "--consumer-key", OAuth1VerifierTests.consumerKey, "--consumer-secret", OAuth1VerifierTests.consumerSecret,
                    "--access-token", OAuth1VerifierTests.accessToken, "--access-token-secret", OAuth1VerifierTests.accessTokenSecret,
                ])
        else { return }
        defer { provider.stop() }
        let integration = Integration(
            type: "oauth1api", name: "OAuth 1", categories: [], apiURL: provider.base + "/api",
            auth: IntegrationAuth(
                oauth1: OAuth1Settings(
                    requestTokenURL: provider.base + "/oauth/request_token", authorizeURL: provider.base + "/oauth/authorize",
                    accessTokenURL: provider.base + "/oauth/access_token")))
        let auth =
            #"{"consumer_key": "\#(OAuth1VerifierTests.consumerKey)", "consumer_secret": "\#(OAuth1VerifierTests.consumerSecret)", "#
            + #""token": "\#(OAuth1VerifierTests.accessToken)", "key": "\#(OAuth1VerifierTests.accessTokenSecret)"}"#
        try await Self.proxied(integration, auth: auth, path: "/statuses?count=5&q=%C3%A9t%C3%A9&q=2") { response in
            #expect(response.object["query"] as? [[String]] == [["count", "5"], ["q", "été"], ["q", "2"]])
        }
        // A form body is signed too, on both paths: the relay signs once the body has arrived.
        try await Self.proxied(
            integration, auth: auth, method: .post, path: "/statuses?via=query", body: "status=h%C3%A9llo+world&status=2",
            contentType: "application/x-www-form-urlencoded"
        ) { response in
            #expect(response.object["form"] as? [[String]] == [["status", "héllo world"], ["status", "2"]], "\(response.text)")
        }
    }

    @Test func appJWTServiceAccountAndPerRequestJWTs() async throws {
        try await AppJWTTests.withIssuer { _, peer, keys in
            let app = AppJWTTests.appIntegration(peer)
            let appAuth = #"{"app_id": "\#(AppJWTTests.appID)", "pem": \#(AppJWTTests.json(keys.rsaPEM)), "meta": {"installation_id": "42"}}"#
            try await Self.proxied(app, auth: appAuth, path: "/me") { response in
                #expect(response.object["ok"] as? Bool == true)
            }
            let service = AppJWTTests.serviceIntegration(peer)
            try await Self.proxied(service, auth: #"{"client_id": "\#(AppJWTTests.issuer)", "pem": \#(AppJWTTests.json(keys.rsaPEM))}"#, path: "/me")
            {
                response in
                #expect(response.object["ok"] as? Bool == true)
            }
            let perRequest = Integration(
                type: "signed", name: "Signed", categories: [], apiURL: peer.base + "/api", tokenNames: ["Tenant"],
                auth: IntegrationAuth(
                    token: EnteredCredentialSettings(
                        apply: CredentialPlacement(jwt: RequestJWTPlacement(algorithm: "ES256", key: "{pem}", claims: ["iss": .string("{token}")])))))
            try await Self.proxied(perRequest, auth: #"{"token": "tenant-1", "pem": \#(AppJWTTests.json(keys.ecPEM))}"#, path: "/jwt", relayed: false)
            {
                response in
                #expect((response.object["claims"] as? [String: Any])?["iss"] as? String == "tenant-1")
            }
        }
    }
}
