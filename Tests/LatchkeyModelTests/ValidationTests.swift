import LatchkeyModel
import Testing

@Suite struct ValidationTests {
    @Test func aCompleteDraftHasNoIssues() {
        var auth = ConnectionAuth()
        auth.tokenURL = "https://example.com/oauth/token"
        auth.expiresIn = 3600
        #expect(ConnectionDraft(integrationType: "hubspot", categories: ["crm"], auth: auth).validationIssues().isEmpty)
    }

    @Test(arguments: [
        (ConnectionDraft(), "integration_type"),
        (ConnectionDraft(integrationType: "   "), "integration_type"),
        (ConnectionDraft(integrationType: "has space"), "integration_type"),
        (ConnectionDraft(integrationType: "a/b"), "integration_type"),
        (ConnectionDraft(integrationType: "acme", environment: ""), "environment"),
        (ConnectionDraft(integrationType: "acme", categories: ["crm", ""]), "categories[1]"),
        (ConnectionDraft(integrationType: "acme", permissions: [""]), "permissions[0]"),
    ])
    func namesTheFieldAtFault(draft: ConnectionDraft, field: String) {
        #expect(draft.validationIssues().map(\.field) == [field])
    }

    @Test(arguments: [
        ("token_url", "ftp://example.com/token"), ("api_url", "/relative"), ("authorize_url", "example.com"),
        ("refresh_url", "javascript:alert(1)"),
    ])
    func urlsMustBeAbsoluteHTTP(field: String, value: String) {
        var auth = ConnectionAuth()
        switch field {
        case "token_url": auth.tokenURL = value
        case "api_url": auth.apiURL = value
        case "authorize_url": auth.authorizeURL = value
        default: auth.refreshURL = value
        }
        #expect(ConnectionDraft(integrationType: "acme", auth: auth).validationIssues().map(\.field) == ["auth." + field])
    }

    @Test func durationsMustNotBeNegative() {
        var auth = ConnectionAuth()
        auth.expiresIn = -1
        auth.refreshTokenExpiresIn = -5
        #expect(auth.validationIssues().map(\.field) == ["expires_in", "refresh_token_expires_in"])
    }
}
