import LatchkeyModel
import LatchkeyOAuth
import Testing

@Suite struct AuthorizationRequestTests {
    static let settings = OAuth2Settings(
        authorizeURL: "https://provider.example/oauth/authorize", tokenURL: "https://provider.example/oauth/token", scopes: ["read"],
        authorizeParameters: ["prompt": "consent", "access_type": "offline"])

    @Test func buildsTheStandardParametersThenTheIntegrationsOwn() throws {
        let request = AuthorizationRequest(
            clientID: "client 1", redirectURI: "https://latchkey.example/oauth/callback", state: "s t", scopes: ["read", "write:all"],
            pkce: PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        #expect(
            try request.url(for: Self.settings)
                == "https://provider.example/oauth/authorize?response_type=code&client_id=client%201"
                + "&redirect_uri=https%3A%2F%2Flatchkey.example%2Foauth%2Fcallback&scope=read%20write%3Aall&state=s%20t"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
                + "&access_type=offline&prompt=consent")
    }

    @Test func usesTheScopeSeparatorAndLeavesPKCEOutWhenOff() throws {
        var settings = Self.settings
        settings.scopeSeparator = ","
        settings.authorizeParameters = [:]
        settings.authorizeURL = "https://provider.example/authorize?audience=api"
        let request = AuthorizationRequest(clientID: "c", redirectURI: "https://l.example/cb", state: "s", scopes: ["a", "b"], pkce: nil)
        #expect(
            try request.url(for: settings)
                == "https://provider.example/authorize?audience=api&response_type=code&client_id=c&redirect_uri=https%3A%2F%2Fl.example%2Fcb&scope=a%2Cb&state=s"
        )
    }

    @Test func fillsPlaceholdersFromTheConnectionsValues() throws {
        var settings = Self.settings
        settings.authorizeURL = "https://{subdomain}.shop.example/admin/oauth/authorize"
        let request = AuthorizationRequest(
            clientID: "c", redirectURI: "https://l.example/cb", state: "s", scopes: [], pkce: nil, values: ["subdomain": "acme-store"])
        #expect(try request.url(for: settings).hasPrefix("https://acme-store.shop.example/admin/oauth/authorize?"))
        let missing = AuthorizationRequest(clientID: "c", redirectURI: "https://l.example/cb", state: "s", scopes: [], pkce: nil)
        #expect(throws: URLTemplate.MissingValue(placeholder: "subdomain")) { try missing.url(for: settings) }
    }

    @Test(arguments: ["evil.example/", "evil.example#", "evil.example?x=", "a@evil.example", "evil.example:80", "a b", "ü"])
    func aPlaceholderValueCannotMoveTheRequestToAnotherHost(value: String) {
        #expect(throws: URLTemplate.UnsafeURL.self) {
            try URLTemplate.fill("https://{subdomain}.shop.example/x", values: ["subdomain": value])
        }
    }
}
