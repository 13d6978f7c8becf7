import Foundation
import LatchkeyModel
import LatchkeyOAuth
import Testing

@Suite struct TokenRequestTests {
    @Test func clientSecretPostPutsTheClientInTheBody() {
        let request = TokenRequest.authorizationCode(
            "code/1", redirectURI: "https://l.example/cb", verifier: "v",
            client: OAuthClient(id: "cid", secret: "s&cret", authentication: .clientSecretPost), tokenURL: "https://p.example/token")
        #expect(request.method == "POST")
        #expect(request.url == "https://p.example/token")
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(request.headers["authorization"] == nil)
        #expect(
            request.bodyText
                == "grant_type=authorization_code&code=code%2F1&redirect_uri=https%3A%2F%2Fl.example%2Fcb&code_verifier=v&client_id=cid&client_secret=s%26cret"
        )
    }

    @Test func clientSecretBasicPutsTheClientInTheHeader() {
        let request = TokenRequest.refresh(
            "rt", client: OAuthClient(id: "c:id", secret: "s cret", authentication: .clientSecretBasic), tokenURL: "https://p.example/t",
            scopes: ["a", "b"])
        #expect(request.headers["authorization"] == "Basic " + Data("c%3Aid:s%20cret".utf8).base64EncodedString())
        #expect(request.bodyText == "grant_type=refresh_token&refresh_token=rt&scope=a%20b")
    }

    @Test func clientCredentialsAndRevocation() {
        let client = OAuthClient(id: "c", secret: "s", authentication: .clientSecretPost)
        #expect(
            TokenRequest.clientCredentials(client: client, tokenURL: "https://p.example/t", scopes: ["x"], extra: ["audience": "api"]).bodyText
                == "grant_type=client_credentials&scope=x&audience=api&client_id=c&client_secret=s")
        #expect(
            TokenRequest.revocation("tok", hint: "refresh_token", client: client, revokeURL: "https://p.example/revoke").bodyText
                == "token=tok&token_type_hint=refresh_token&client_id=c&client_secret=s")
    }
}

@Suite struct TokenResponseTests {
    static func process(_ status: Int, _ body: String) -> Result<TokenResponse, TokenEndpointError> {
        TokenResponse.process(IncomingResponse(status: status, body: Array(body.utf8)))
    }

    @Test func readsAJSONAnswer() throws {
        let token = try Self.process(
            200,
            #"{"access_token":"at","token_type":"Bearer","refresh_token":"rt","expires_in":3600,"scope":"a b","instance_url":"https://x.example"}"#
        ).get()
        #expect(token.accessToken == "at")
        #expect(token.refreshToken == "rt")
        #expect(token.expiresIn == 3600)
        #expect(token.scope == "a b")
        #expect(token.fields["instance_url"] == .string("https://x.example"))
    }

    @Test func readsAFormEncodedAnswerWithExpiresInAsText() throws {
        let token = try Self.process(200, "access_token=gho_abc&scope=repo%2Cuser&token_type=bearer&expires_in=28800").get()
        #expect(token.accessToken == "gho_abc")
        #expect(token.expiresIn == 28800)
        #expect(token.refreshToken == nil)
    }

    @Test(arguments: [
        (400, #"{"error":"invalid_grant","error_description":"expired"}"#, TokenEndpointError.reauthorizationRequired(code: "invalid_grant")),
        (401, #"{"error":"invalid_client"}"#, .reauthorizationRequired(code: "invalid_client")),
        (200, #"{"error":"bad_verification_code"}"#, .rejected(status: 200, code: "bad_verification_code")),
        (200, "error=invalid_grant", .reauthorizationRequired(code: "invalid_grant")),
        (503, "<html>down</html>", .transient(status: 503, code: nil)),
        (429, #"{"error":"slow_down"}"#, .transient(status: 429, code: "slow_down")),
        (400, #"{"error":"temporarily_unavailable"}"#, .transient(status: 400, code: "temporarily_unavailable")),
        (400, #"{"error":"invalid_scope"}"#, .rejected(status: 400, code: "invalid_scope")),
        (403, "forbidden", .rejected(status: 403, code: nil)),
        (200, #"{"token_type":"bearer"}"#, .malformed("the token endpoint answered 200 without an access_token")),
    ])
    func classifiesErrorsByWhatToDoNext(status: Int, body: String, expected: TokenEndpointError) {
        #expect(Self.process(status, body) == .failure(expected))
    }

    @Test func appliesAnAnswerToAConnectionsAuth() throws {
        var auth = ConnectionAuth()
        auth.accessToken = "old"
        auth.refreshToken = "kept"
        auth.meta = ["existing": .bool(true)]
        let claims = Base64URL.encode(Array(#"{"sub":"u-1","email":"ada@example.com","name":"Ada"}"#.utf8))
        let token = try Self.process(
            200,
            #"{"access_token":"new","expires_in":"3600","scope":"read write","instance_url":"https://eu1.example","realm":{"id":7},"id_token":"e30.\#(claims).sig"}"#
        ).get()
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let applied = auth.applying(token, now: now, keeping: ["instance_url": "api_url", "realm": "meta.realm", "absent": "meta.absent"])
        #expect(applied.accessToken == "new")
        #expect(applied.refreshToken == "kept")
        #expect(applied.expiresIn == 3600)
        #expect(applied.expiryDate == Date(timeIntervalSince1970: 1_700_003_600))
        #expect(applied.apiURL == "https://eu1.example")
        #expect(applied.meta == ["existing": .bool(true), "realm": .object(["id": .integer(7)]), "scope": .string("read write")])
        #expect(applied.emails == ["ada@example.com"])
        #expect(applied.name == "Ada")
        #expect(applied.userID == "u-1")
        let rotated = applied.applying(try Self.process(200, #"{"access_token":"newer","refresh_token":"rotated"}"#).get(), now: now)
        #expect(rotated.refreshToken == "rotated")
        #expect(rotated.expiryDate == nil)
    }
}
