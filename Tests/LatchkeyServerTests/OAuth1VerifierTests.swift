import Foundation
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyServer
import LatchkeyTestSupport
import Testing
import _CryptoExtras

/// Latchkey's OAuth 1.0a signatures checked by a real verifier: oauthlib, in `Tests/peers/oauth1_provider`.
@Suite(.serialized) struct OAuth1VerifierTests {
    static let consumerKey = "latchkeyconsumer00000001"
    static let consumerSecret = "consumer-secret-ü&canary"
    static let rsaConsumerKey = "latchkeyrsaconsumer00001"
    static let accessToken = "latchkeyaccesstoken00001"
    static let accessTokenSecret = "token-secret/+="

    /// The provider, with an RSA consumer whose public key it knows, and the matching private key.
    static func withProvider(_ body: (PythonPeer, String) async throws -> Void) async throws {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let directory = try TemporaryDirectory()
        let publicKeyFile = directory.url.appendingPathComponent("rsa.pub.pem")
        try privateKey.publicKey.pemRepresentation.write(to: publicKeyFile, atomically: true, encoding: .utf8)
        guard
            let peer = try await PythonPeer.start(
                "oauth1_provider/server.py",
                arguments: [
                    "--consumer-key", consumerKey, "--consumer-secret", consumerSecret, "--rsa-consumer-key", rsaConsumerKey,
                    "--rsa-public-key", publicKeyFile.path, "--access-token", accessToken, "--access-token-secret", accessTokenSecret,
                ])
        else { return }
        defer { peer.stop() }
        try await body(peer, privateKey.pemRepresentation)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let method: String
        let path: String
        let contentType: String?
        let body: String
        let expectedQuery: [[String]]
        let expectedForm: [[String]]
        var testDescription: String { "\(method) \(path)" }
    }

    static let cases: [Case] = [
        Case(
            method: "GET", path: "/api/items?b=2&a=1&a=0&name=J%C3%BCrgen%20M%C3%BCller&empty=&plus=a+b", contentType: nil, body: "",
            expectedQuery: [["b", "2"], ["a", "1"], ["a", "0"], ["name", "Jürgen Müller"], ["empty", ""], ["plus", "a b"]], expectedForm: []),
        Case(
            method: "POST", path: "/api/items?x=1&x=1", contentType: "application/x-www-form-urlencoded",
            body: "c=3&c=1&text=h%C3%A9llo+w%C3%B6rld&sym=%2B%26%3D%25&emoji=%F0%9F%98%80",
            expectedQuery: [["x", "1"], ["x", "1"]],
            expectedForm: [["c", "3"], ["c", "1"], ["text", "héllo wörld"], ["sym", "+&=%"], ["emoji", "😀"]]),
        Case(
            method: "PUT", path: "/api/items/7?tag=%E4%B8%AD", contentType: "application/json", body: #"{"a": "b=c&d"}"#,
            expectedQuery: [["tag", "中"]], expectedForm: []),
        Case(method: "DELETE", path: "/api/items/7", contentType: nil, body: "", expectedQuery: [], expectedForm: []),
    ]

    @Test func everySignatureMethodVerifiesForEveryRequestShape() async throws {
        try await Self.withProvider { peer, privateKeyPEM in
            try await HTTPClientTransport.using { transport in
                for method in OAuth1Signer.SignatureMethod.allCases {
                    for item in Self.cases {
                        let rsa = method == .rsaSHA1
                        let signer = OAuth1Signer(
                            consumerKey: rsa ? Self.rsaConsumerKey : Self.consumerKey, consumerSecret: rsa ? "" : Self.consumerSecret,
                            token: Self.accessToken, tokenSecret: Self.accessTokenSecret, signatureMethod: method,
                            privateKeyPEM: rsa ? privateKeyPEM : nil)
                        var request = OutgoingRequest(
                            method: item.method, url: peer.base + item.path, headers: item.contentType.map { ["content-type": $0] } ?? [:],
                            body: Array(item.body.utf8))
                        try signer.sign(&request)
                        let response = try await transport.send(request)
                        #expect(
                            response.status == 200, "\(method.rawValue) \(item.testDescription): \(String(decoding: response.body, as: UTF8.self))")
                        guard response.status == 200 else { continue }
                        let seen = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
                        #expect(seen?["signature_method"] as? String == method.rawValue)
                        #expect(seen?["query"] as? [[String]] == item.expectedQuery, "\(method.rawValue) \(item.testDescription)")
                        #expect(seen?["form"] as? [[String]] == item.expectedForm, "\(method.rawValue) \(item.testDescription)")
                    }
                }
            }
        }
    }

    @Test func aTamperedRequestOrAWrongSecretIsRefused() async throws {
        try await Self.withProvider { peer, _ in
            try await HTTPClientTransport.using { transport in
                let signer = OAuth1Signer(
                    consumerKey: Self.consumerKey, consumerSecret: Self.consumerSecret, token: Self.accessToken, tokenSecret: Self.accessTokenSecret)
                var request = OutgoingRequest(method: "GET", url: peer.base + "/api/items?a=1")
                try signer.sign(&request)
                request.url = peer.base + "/api/items?a=2"
                #expect(try await transport.send(request).status == 401)

                var wrong = signer
                wrong.consumerSecret = "not-the-secret"
                var second = OutgoingRequest(method: "GET", url: peer.base + "/api/items?a=1")
                try wrong.sign(&second)
                #expect(try await transport.send(second).status == 401)
            }
        }
    }

    @Test func theApplierSignsWhatTheVerifierAccepts() async throws {
        try await Self.withProvider { peer, _ in
            var auth = ConnectionAuth()
            auth.consumerKey = Self.consumerKey
            auth.consumerSecret = Self.consumerSecret
            auth.token = Self.accessToken
            auth.key = Self.accessTokenSecret
            let integration = Integration(
                type: "oauthlib", name: "oauthlib", categories: [], apiURL: peer.base + "/api",
                auth: IntegrationAuth(
                    oauth1: OAuth1Settings(
                        requestTokenURL: peer.base + "/oauth/request_token", authorizeURL: peer.base + "/oauth/authorize",
                        accessTokenURL: peer.base + "/oauth/access_token", signatureMethod: "HMAC-SHA256")))
            try await HTTPClientTransport.using { transport in
                var request = OutgoingRequest(
                    method: "POST", url: peer.base + "/api/notes?q=%C3%A9", headers: ["content-type": "application/x-www-form-urlencoded"],
                    body: Array("note=a%20b".utf8))
                try await CredentialApplier.apply(auth, integration: integration, to: &request)
                let response = try await transport.send(request)
                #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
                #expect(String(decoding: response.body, as: UTF8.self).contains("\"signature_method\": \"HMAC-SHA256\""))
            }
        }
    }
}
