import LatchkeyModel
import LatchkeyOAuth
import Testing

@Suite struct APIBaseTests {
    static let integration = Integration(
        type: "acme", name: "Acme", categories: [], apiURL: "https://{subdomain}.acme.example/api", tokenNames: ["API Key", "subdomain"],
        auth: IntegrationAuth(token: EnteredCredentialSettings()))

    @Test func placeholdersAreFilledFromTheConnection() throws {
        var auth = ConnectionAuth()
        auth.otherAuthInfo = ["k", "eu-1"]
        #expect(try APIBase.url(for: auth, integration: Self.integration) == "https://eu-1.acme.example/api")
        auth.otherAuthInfo = nil
        auth.meta = ["subdomain": .string("us")]
        #expect(try APIBase.url(for: auth, integration: Self.integration) == "https://us.acme.example/api")
    }

    @Test func theConnectionsOwnBaseWins() throws {
        var auth = ConnectionAuth()
        auth.apiURL = "https://na42.salesforce.example/services"
        #expect(try APIBase.url(for: auth, integration: Self.integration) == "https://na42.salesforce.example/services")
    }

    @Test func aMissingOrHostileValueIsRefused() {
        #expect(throws: APIBase.Failure.missingValue(placeholder: "subdomain")) { try APIBase.url(for: nil, integration: Self.integration) }
        var auth = ConnectionAuth()
        auth.meta = ["subdomain": .string("evil.example/x?")]
        #expect(throws: APIBase.Failure.unsafe) { try APIBase.url(for: auth, integration: Self.integration) }
        let none = Integration(type: "x", name: "X", categories: [], auth: IntegrationAuth(token: EnteredCredentialSettings()))
        #expect(throws: APIBase.Failure.none(integrationType: "x")) { try APIBase.url(for: nil, integration: none) }
    }
}
