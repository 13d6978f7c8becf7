import Crypto
import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyServer
import LatchkeyTestSupport
import Testing
import _CryptoExtras

/// App JWTs, JWT bearer grants and per-request JWTs, checked by PyJWT in `Tests/peers/jwt_issuer`.
@Suite(.serialized) struct AppJWTTests {
    static let appID = "123456"
    static let issuer = "svc@latchkey-test.iam.example"
    static let audience = "https://oauth2.example/token"
    static let hsSecret = "hs256-secret-canary-0192-at-least-32-bytes"

    struct Keys: Sendable {
        let rsaPEM: String
        let ecPEM: String
    }

    static func withIssuer(_ body: @Sendable @escaping (ServerUnderTest, PythonPeer, Keys) async throws -> Void) async throws {
        let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let ec = P256.Signing.PrivateKey()
        let directory = try TemporaryDirectory()
        let rsaFile = directory.url.appendingPathComponent("rsa.pub.pem")
        let ecFile = directory.url.appendingPathComponent("ec.pub.pem")
        try rsa.publicKey.pemRepresentation.write(to: rsaFile, atomically: true, encoding: .utf8)
        try ec.publicKey.pemRepresentation.write(to: ecFile, atomically: true, encoding: .utf8)
        guard
            let peer = try await PythonPeer.start(
                "jwt_issuer/server.py",
                arguments: [
                    "--rsa-public-key", rsaFile.path, "--ec-public-key", ecFile.path, "--app-id", appID, "--issuer", issuer, "--audience",
                    audience, "--hs-secret", hsSecret,
                ])
        else { return }
        defer { peer.stop() }
        let catalog = Catalog(Catalog.builtIn().integrations + [appIntegration(peer), serviceIntegration(peer)])
        try await withServer(catalog: catalog) { server in
            try await body(server, peer, Keys(rsaPEM: rsa.pemRepresentation, ecPEM: ec.pemRepresentation))
        }
    }

    static func appIntegration(_ peer: PythonPeer) -> Integration {
        Integration(
            type: "ghapp", name: "GitHub App (local)", categories: ["repo"], apiURL: peer.base + "/api",
            auth: IntegrationAuth(app: AppTokenSettings(tokenURL: peer.base + "/app/installations/{installation_id}/access_tokens")))
    }

    static func serviceIntegration(_ peer: PythonPeer, algorithm: String = "RS256") -> Integration {
        Integration(
            type: "svc", name: "Service account (local)", categories: ["storage"], apiURL: peer.base + "/api",
            auth: IntegrationAuth(
                jwtBearer: JWTBearerSettings(tokenURL: peer.base + "/token", audience: audience, scopes: ["read", "write"], algorithm: algorithm)))
    }

    static func stats(_ peer: PythonPeer) async throws -> [String: Int] {
        let response = try await httpRequest("GET", peer.base + "/stats")
        return (try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Int]) ?? [:]
    }

    static func json(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    @Test func anAppConnectionGetsAnInstallationTokenAndKeepsItFresh() async throws {
        try await Self.withIssuer { server, peer, keys in
            let id = try await server.createConnection(
                #"{"integration_type": "ghapp", "auth": {"app_id": "\#(Self.appID)", "pem": \#(Self.json(keys.rsaPEM)), "meta": {"installation_id": "42"}}}"#
            )
            let read = try await server.request(.get, "/unified/connection/\(id)")
            #expect(read.status == .ok, "\(read.text)")
            let auth = try #require(read.object["auth"] as? [String: Any])
            let token = try #require(auth["access_token"] as? String)
            #expect(token.hasPrefix("ghs_"))
            let expiry = try #require((auth["expiry_date"] as? String).flatMap(WireDate.parse))
            #expect(abs(expiry.timeIntervalSinceNow - 3600) < 120)
            #expect(try await httpRequest("GET", peer.base + "/api/me", authorization: "Bearer \(token)").status == 200)

            _ = try await server.request(.get, "/unified/connection/\(id)")
            #expect(try await Self.stats(peer)["app_tokens"] == 1, "a fresh token is reused")
            let forced = try await server.request(.post, "/unified/connection/\(id)/refresh")
            #expect((forced.object["auth"] as? [String: Any])?["access_token"] as? String != token)
            #expect(try await Self.stats(peer)["app_tokens"] == 2)
        }
    }

    @Test func aServiceAccountExchangesASignedAssertion() async throws {
        try await Self.withIssuer { server, peer, keys in
            let id = try await server.createConnection(
                #"{"integration_type": "svc", "auth": {"client_id": "\#(Self.issuer)", "pem": \#(Self.json(keys.rsaPEM)), "meta": {"scopes": ["drive", "mail"]}}}"#
            )
            let read = try await server.request(.get, "/unified/connection/\(id)")
            #expect(read.status == .ok, "\(read.text)")
            #expect(((read.object["auth"] as? [String: Any])?["meta"] as? [String: Any])?["scope"] as? String == "drive mail", "\(read.text)")
            let token = try #require((read.object["auth"] as? [String: Any])?["access_token"] as? String)
            #expect(token.hasPrefix("svc_"))
            #expect(try await httpRequest("GET", peer.base + "/api/me", authorization: "Bearer \(token)").status == 200)
            #expect(try await Self.stats(peer)["bearer_tokens"] == 1)
        }
    }

    @Test func aRefusedAssertionMarksTheConnectionUnhealthy() async throws {
        try await Self.withIssuer { server, _, keys in
            let id = try await server.createConnection(
                #"{"integration_type": "svc", "auth": {"client_id": "someone-else@example", "pem": \#(Self.json(keys.rsaPEM))}}"#)
            let read = try await server.request(.get, "/unified/connection/\(id)")
            #expect(read.status == .unauthorized, "\(read.text)")
            #expect(!read.text.contains("PRIVATE KEY"))
            let connection = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID))
            #expect(connection.lastUnhealthyCode == "invalid_grant")
        }
    }

    @Test(arguments: ["HS256", "ES256", "RS256"])
    func perRequestJWTsVerify(algorithm: String) async throws {
        try await Self.withIssuer { _, peer, keys in
            var auth = ConnectionAuth()
            auth.token = "tenant-7"
            auth.key = algorithm == "HS256" ? Self.hsSecret : nil
            auth.pem = algorithm == "ES256" ? keys.ecPEM : algorithm == "RS256" ? keys.rsaPEM : nil
            let keyTemplate = algorithm == "HS256" ? "{key}" : "{pem}"
            let integration = Integration(
                type: "per-request", name: "Per request", categories: [], apiURL: peer.base + "/api", tokenNames: ["Tenant"],
                auth: IntegrationAuth(
                    token: EnteredCredentialSettings(
                        apply: CredentialPlacement(
                            jwt: RequestJWTPlacement(
                                algorithm: algorithm, key: keyTemplate, claims: ["iss": .string("{token}"), "scope": .array([.string("a")])],
                                lifetimeSeconds: 120)))))
            var request = OutgoingRequest(method: "GET", url: peer.base + "/api/jwt")
            try await CredentialApplier.apply(auth, integration: integration, to: &request)
            let response = try await httpRequest("GET", request.url, authorization: request.headers["authorization"])
            #expect(response.status == 200, "\(response.body)")
            let seen = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
            #expect(seen?["alg"] as? String == algorithm)
            let claims = seen?["claims"] as? [String: Any]
            #expect(claims?["iss"] as? String == "tenant-7")
            let issuedAt = try #require(claims?["iat"] as? Int)
            #expect(claims?["exp"] as? Int == issuedAt + 120)
        }
    }
}
