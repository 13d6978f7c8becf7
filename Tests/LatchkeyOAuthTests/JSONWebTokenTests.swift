import Crypto
import Foundation
import LatchkeyModel
import LatchkeyOAuth
import Testing

/// The claims Latchkey puts in app JWTs and assertions, read back from the tokens; signatures are checked by PyJWT
/// in the server tests.
@Suite struct JSONWebTokenTests {
    static func parts(_ token: String) throws -> (header: [String: JSONValue], claims: [String: JSONValue]) {
        let pieces = token.split(separator: ".", omittingEmptySubsequences: false)
        try #require(pieces.count == 3)
        let headerBytes = try #require(Base64URL.decode(pieces[0]))
        let claimBytes = try #require(Base64URL.decode(pieces[1]))
        let header = try #require(try JSONReader.value(from: headerBytes).objectValue)
        let claims = try #require(try JSONReader.value(from: claimBytes).objectValue)
        return (header, claims)
    }

    @Test func appJWTIsBackdatedAndLivesTenMinutes() async throws {
        let signer = try await JSONWebTokenSigner(algorithm: .es256, key: P256.Signing.PrivateKey().pemRepresentation)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let (header, claims) = try Self.parts(try await AppTokenGrant.appJWT(appID: "99", signer: signer, now: now))
        #expect(header["alg"] == .string("ES256"))
        #expect(header["typ"] == .string("JWT"))
        #expect(claims == ["iss": .string("99"), "iat": .integer(1_699_999_940), "exp": .integer(1_700_000_540)])
    }

    @Test func assertionCarriesTheRFC7523Claims() async throws {
        let signer = try await JSONWebTokenSigner(algorithm: .es256, key: P256.Signing.PrivateKey().pemRepresentation)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let token = try await JWTBearerGrant.assertion(
            issuer: "svc@x", subject: "user@x", audience: "https://t.example/token", scopes: ["a", "b"], signer: signer, now: now, keyID: "k1")
        let (header, claims) = try Self.parts(token)
        #expect(header["kid"] == .string("k1"))
        #expect(claims["iss"] == .string("svc@x"))
        #expect(claims["sub"] == .string("user@x"))
        #expect(claims["aud"] == .string("https://t.example/token"))
        #expect(claims["exp"] == .integer(1_700_003_600))
        #expect(claims["scope"] == .string("a b"))
        #expect(claims["jti"]?.stringValue?.isEmpty == false)
        let request = JWTBearerGrant.request(tokenURL: "https://t.example/token", assertion: token)
        #expect(request.bodyText.hasPrefix("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="))
    }

    @Test func unusableKeysAreRefusedWithoutEchoingThem() async {
        for (algorithm, key) in [(JSONWebTokenSigner.Algorithm.hs256, "short-secret"), (.rs256, "not a pem"), (.es256, "-----BEGIN nope")] {
            do {
                _ = try await JSONWebTokenSigner(algorithm: algorithm, key: key)
                Issue.record("\(algorithm) accepted \(key)")
            } catch {
                #expect(error as? JSONWebTokenSigner.KeyError == .unreadable(algorithm))
                #expect(!String(describing: error).contains(key))
            }
        }
    }

    @Test func appTokenAnswersBecomeTokenResponses() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let body = Array(#"{"token": "ghs_abc", "expires_at": "2023-11-14T23:13:20Z"}"#.utf8)
        let result = AppTokenGrant.process(IncomingResponse(status: 201, body: body), settings: AppTokenSettings(tokenURL: "https://x"), now: now)
        #expect((try? result.get())?.accessToken == "ghs_abc")
        #expect((try? result.get())?.expiresIn == 3600)
        let refused = AppTokenGrant.process(IncomingResponse(status: 401, body: []), settings: AppTokenSettings(tokenURL: "https://x"), now: now)
        #expect(throws: TokenEndpointError.self) { try refused.get() }
    }
}
