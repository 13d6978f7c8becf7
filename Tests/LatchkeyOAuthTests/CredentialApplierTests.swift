import Foundation
import LatchkeyModel
import LatchkeyOAuth
import Testing

/// Each auth kind applied to a plain request: the request in, the request with credentials out.
@Suite struct CredentialApplierTests {
    static func integration(_ auth: IntegrationAuth, tokenNames: [String]? = nil) -> Integration {
        Integration(type: "acme", name: "Acme", categories: [], apiURL: "https://api.acme.example", tokenNames: tokenNames, auth: auth)
    }

    static func applied(
        _ auth: ConnectionAuth, _ integration: Integration, url: String = "https://api.acme.example/v1/items?page=2"
    ) async throws
        -> OutgoingRequest
    {
        var request = OutgoingRequest(method: "GET", url: url, headers: ["accept": "application/json"])
        try await CredentialApplier.apply(auth, integration: integration, to: &request, nonce: "abc", timestamp: 1_700_000_000)
        return request
    }

    @Test func oauth2AccessTokenGoesInABearerHeaderByDefault() async throws {
        var auth = ConnectionAuth()
        auth.accessToken = "at-1"
        let request = try await Self.applied(
            auth,
            Self.integration(
                IntegrationAuth(oauth2: OAuth2Settings(authorizeURL: "https://a.example/authorize", tokenURL: "https://a.example/token"))))
        #expect(request.headers == ["accept": "application/json", "authorization": "Bearer at-1"])
        #expect(request.url == "https://api.acme.example/v1/items?page=2")
    }

    @Test func oauth2EntryMayPlaceTheTokenElsewhere() async throws {
        var auth = ConnectionAuth()
        auth.accessToken = "at-1"
        let settings = OAuth2Settings(
            authorizeURL: "https://a.example/authorize", tokenURL: "https://a.example/token",
            apply: CredentialPlacement(header: ["Authorization": "Zoho-oauthtoken {access_token}"]))
        #expect(try await Self.applied(auth, Self.integration(IntegrationAuth(oauth2: settings))).headers["authorization"] == "Zoho-oauthtoken at-1")
    }

    @Test func tokenKindUsesABearerTokenOrANamedHeaderWithAPrefix() async throws {
        var auth = ConnectionAuth()
        auth.token = "tok-9"
        #expect(
            try await Self.applied(auth, Self.integration(IntegrationAuth(token: EnteredCredentialSettings()))).headers["authorization"]
                == "Bearer tok-9")
        let prefixed = EnteredCredentialSettings(
            apply: CredentialPlacement(header: ["Authorization": "Token token={token}", "X-Client": "latchkey"]))
        let request = try await Self.applied(auth, Self.integration(IntegrationAuth(token: prefixed)))
        #expect(request.headers["authorization"] == "Token token=tok-9")
        #expect(request.headers["x-client"] == "latchkey")
    }

    @Test func queryParametersAreAppendedEncoded() async throws {
        var auth = ConnectionAuth()
        auth.token = "a b&c=d"
        let settings = EnteredCredentialSettings(apply: CredentialPlacement(query: ["api_key": "{token}"]))
        let request = try await Self.applied(auth, Self.integration(IntegrationAuth(token: settings)))
        #expect(request.url == "https://api.acme.example/v1/items?page=2&api_key=a%20b%26c%3Dd")
        #expect(request.headers["authorization"] == nil)
        let bare = try await Self.applied(auth, Self.integration(IntegrationAuth(token: settings)), url: "https://api.acme.example/v1")
        #expect(bare.url == "https://api.acme.example/v1?api_key=a%20b%26c%3Dd")
    }

    @Test func basicKindSendsTheFirstTwoValues() async throws {
        var auth = ConnectionAuth()
        auth.otherAuthInfo = ["alice", "pä:ss"]
        let request = try await Self.applied(
            auth, Self.integration(IntegrationAuth(basic: EnteredCredentialSettings()), tokenNames: ["Username", "Password"]))
        #expect(request.headers["authorization"] == "Basic " + Data("alice:pä:ss".utf8).base64EncodedString())
    }

    @Test func otherKindFillsTokenNamesAndMetaValues() async throws {
        var auth = ConnectionAuth()
        auth.otherAuthInfo = ["key-1", "eu"]
        auth.meta = ["account": .string("acct-7")]
        let settings = EnteredCredentialSettings(
            apply: CredentialPlacement(header: ["X-Api-Key": "{API Key}", "X-Account": "{account}"], query: ["region": "{Region}"]))
        let request = try await Self.applied(auth, Self.integration(IntegrationAuth(other: settings), tokenNames: ["API Key", "Region"]))
        #expect(request.headers["x-api-key"] == "key-1")
        #expect(request.headers["x-account"] == "acct-7")
        #expect(request.url.hasSuffix("&region=eu"))
    }

    @Test func otherKindWithoutPlacementIsRefused() async {
        var auth = ConnectionAuth()
        auth.otherAuthInfo = ["x"]
        await #expect(throws: CredentialApplier.ApplyError.noPlacement(.other)) {
            try await Self.applied(auth, Self.integration(IntegrationAuth(other: EnteredCredentialSettings()), tokenNames: ["Key"]))
        }
    }

    @Test func missingValuesAndLineBreaksAreRefusedWithoutEchoingValues() async {
        var auth = ConnectionAuth()
        auth.otherAuthInfo = ["secret-value\r\nX-Evil: 1"]
        let settings = EnteredCredentialSettings(apply: CredentialPlacement(header: ["X-Api-Key": "{API Key}"]))
        do {
            _ = try await Self.applied(auth, Self.integration(IntegrationAuth(other: settings), tokenNames: ["API Key"]))
            Issue.record("a value with CR LF was applied")
        } catch {
            #expect(error as? CredentialApplier.ApplyError == .unsafeValue(placeholder: "API Key"))
            #expect(!String(describing: error).contains("secret-value"))
        }
        let missing = EnteredCredentialSettings(apply: CredentialPlacement(header: ["X-Api-Key": "{Secret}"]))
        await #expect(throws: CredentialApplier.ApplyError.missingValue(placeholder: "Secret")) {
            try await Self.applied(auth, Self.integration(IntegrationAuth(other: missing), tokenNames: ["API Key"]))
        }
    }

    @Test func aValueHoldingBracesIsNotReadAsAPlaceholder() async throws {
        var auth = ConnectionAuth()
        auth.token = "{key}"
        auth.key = "other-secret"
        let settings = EnteredCredentialSettings(apply: CredentialPlacement(header: ["X-Token": "{token}"]))
        #expect(try await Self.applied(auth, Self.integration(IntegrationAuth(token: settings))).headers["x-token"] == "{key}")
    }

    @Test func oauth1KindSignsTheFinalRequest() async throws {
        var auth = ConnectionAuth()
        auth.consumerKey = "dpf43f3p2l4k3l03"
        auth.consumerSecret = "kd94hf93k423kf44"
        auth.token = "nnch734d00sl2jdk"
        auth.key = "pfkkdhi9sl3r4s00"
        let settings = OAuth1Settings(
            requestTokenURL: "https://photos.example.net/initiate", authorizeURL: "https://photos.example.net/authorize",
            accessTokenURL: "https://photos.example.net/token")
        let request = try await Self.applied(
            auth, Self.integration(IntegrationAuth(oauth1: settings)), url: "http://photos.example.net/photos?file=vacation.jpg&size=original")
        let header = try #require(request.headers["authorization"])
        let signer = OAuth1Signer(
            consumerKey: "dpf43f3p2l4k3l03", consumerSecret: "kd94hf93k423kf44", token: "nnch734d00sl2jdk", tokenSecret: "pfkkdhi9sl3r4s00")
        var expected = OutgoingRequest(
            method: "GET", url: "http://photos.example.net/photos?file=vacation.jpg&size=original", headers: ["accept": "application/json"])
        try signer.sign(&expected, nonce: "abc", timestamp: 1_700_000_000)
        #expect(header == expected.headers["authorization"])
        #expect(header.contains("oauth_token=\"nnch734d00sl2jdk\""))
    }

    @Test func kindFollowsTheFieldsPresent() async {
        let both = IntegrationAuth(
            oauth2: OAuth2Settings(authorizeURL: "https://a.example/a", tokenURL: "https://a.example/t"), token: EnteredCredentialSettings())
        var auth = ConnectionAuth()
        auth.token = "t"
        #expect(auth.kind(in: both) == .token)
        auth.accessToken = "a"
        #expect(auth.kind(in: both) == .oauth2)
        #expect(ConnectionAuth().kind(in: both) == nil)
        #expect(ConnectionAuth().kind(in: IntegrationAuth(token: EnteredCredentialSettings())) == .token)
    }
}
