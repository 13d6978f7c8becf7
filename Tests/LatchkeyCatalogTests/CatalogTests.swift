import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyTestSupport
import Testing

@Suite struct BuiltInCatalogTests {
    @Test func shipsAtLeast25RealIntegrationsEachWithItsDocumentation() throws {
        let catalog = Catalog.builtIn()
        #expect(catalog.integrations.count >= 25)
        for integration in catalog.integrations {
            #expect(integration.validationIssues().isEmpty, "\(integration.type)")
            let docs = try #require(integration.docsURL, "\(integration.type) has no docs_url")
            #expect(docs.hasPrefix("https://"), "\(integration.type)")
            #expect(!integration.auth.kinds.isEmpty, "\(integration.type)")
            if let oauth2 = integration.auth.oauth2 {
                #expect(oauth2.tokenURL.hasPrefix("https://"), "\(integration.type)")
                #expect(oauth2.authorizeURL?.hasPrefix("https://") == true, "\(integration.type)")
            }
            if let oauth1 = integration.auth.oauth1 {
                for url in [oauth1.requestTokenURL, oauth1.authorizeURL, oauth1.accessTokenURL] {
                    #expect(url.hasPrefix("https://"), "\(integration.type)")
                }
            }
            if integration.enteredKind != nil {
                #expect(integration.tokenNames?.isEmpty == false, "\(integration.type) names the values it asks for")
                #expect(integration.tokenInstructions?.count == integration.tokenNames?.count, "\(integration.type) says where to find each")
            }
        }
        for kind in AuthKind.allCases where kind != .oauth2ClientCredentials {  // every kind has a real example
            #expect(catalog.integrations.contains { $0.auth.kinds.contains(kind) }, "no built-in integration uses \(kind.rawValue)")
        }
        let types = Set(catalog.integrations.map(\.type))
        for expected in [
            "github", "google", "microsoft", "salesforce", "hubspot", "slack", "notion", "xero", "quickbooks", "zoom", "atlassian", "asana",
            "dropbox", "box", "linear", "shopify", "gitlab", "intercom", "pipedrive", "zendesk", "docusign", "discord", "spotify", "figma",
            "calendly",
        ] {
            #expect(types.contains(expected), "\(expected) is missing")
        }
    }

    @Test func providerQuirksAreData() throws {
        let catalog = Catalog.builtIn()
        #expect(catalog.integration(type: "salesforce")?.auth.oauth2?.keepTokenFields["instance_url"] == "api_url")
        #expect(catalog.integration(type: "quickbooks")?.auth.oauth2?.keepCallbackParameters["realmId"] == "meta.realmId")
        #expect(catalog.integration(type: "slack")?.auth.oauth2?.scopeSeparator == ",")
        #expect(catalog.integration(type: "google")?.auth.oauth2?.authorizeParameters["access_type"] == "offline")
        #expect(catalog.integration(type: "notion")?.auth.oauth2?.tokenRequestAuth == .clientSecretBasic)
        #expect(catalog.integration(type: "shopify")?.apiURL?.contains("{subdomain}") == true)
        #expect(catalog.integration(type: "github")?.auth.oauth2?.pkce == true)
        #expect(catalog.integration(type: "hubspot")?.auth.oauth2?.pkce == true)
    }

    /// Entries corrected against their providers' documentation.
    @Test func correctedEntriesSayWhatTheirProvidersDocument() async throws {
        let catalog = Catalog.builtIn()
        // Shopify's Admin API authenticates with the token in X-Shopify-Access-Token, not a bearer header.
        let shopify = try #require(catalog.integration(type: "shopify"))
        var auth = ConnectionAuth()
        auth.accessToken = "shpat-canary"
        auth.meta = ["subdomain": .string("shop")]
        var request = OutgoingRequest(method: "GET", url: "https://shop.myshopify.com/admin/api/2025-01/shop.json")
        try await CredentialApplier.apply(auth, integration: shopify, to: &request)
        #expect(request.headers["x-shopify-access-token"] == "shpat-canary")
        #expect(request.headers["authorization"] == nil)
        // HubSpot revokes refresh tokens at an RFC 7009-shaped endpoint, client credentials in the form.
        let hubspot = try #require(catalog.integration(type: "hubspot")?.auth.oauth2)
        #expect(hubspot.revokeURL == "https://api.hubapi.com/oauth/2026-03/token/revoke")
        #expect(hubspot.tokenRequestAuth == .clientSecretPost)
        // BambooHR's token endpoint is token.php?request=token, and its API scopes are the app's, not OpenID's.
        let bamboo = try #require(catalog.integration(type: "bamboohr")?.auth.oauth2)
        #expect(bamboo.tokenURL == "https://{subdomain}.bamboohr.com/token.php?request=token")
        #expect(!bamboo.scopes.contains("openid"))
        // Notion's token endpoint takes JSON with HTTP Basic and a Notion-Version header.
        let notion = try #require(catalog.integration(type: "notion")?.auth.oauth2)
        #expect(notion.tokenBody == .json && notion.tokenRequestAuth == .clientSecretBasic && notion.tokenHeaders["Notion-Version"] != nil)
        // Stripe's deauthorize takes client_id and stripe_user_id, not an RFC 7009 request: no revoke_url.
        #expect(catalog.integration(type: "stripe")?.auth.oauth2?.revokeURL == nil)
        // Refresh tokens that die unused (Airtable and Box after 60 days, DocuSign after 30, Atlassian and
        // Microsoft after 90 days idle) are refreshed well before.
        for (type, lifetime) in [("airtable", 60), ("box", 60), ("docusign", 30), ("atlassian", 90), ("microsoft", 90)] {
            let days = try #require(catalog.integration(type: type)?.auth.oauth2?.keepaliveDays, "\(type)")
            #expect(days <= lifetime / 2, "\(type)")
        }
    }
}

@Suite struct CatalogFileTests {
    static func write(_ text: String, named name: String, in directory: TemporaryDirectory) throws -> String {
        let path = directory.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aJSONFileAddsAndOverridesEntries() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.write(
            """
            {"integrations": [
              {"type": "acme", "name": "Acme", "categories": ["crm"], "api_url": "https://{subdomain}.acme.example/api",
               "auth": {"oauth2": {"authorize_url": "https://acme.example/oauth/authorize", "token_url": "https://acme.example/oauth/token"}}},
              {"type": "github", "name": "GitHub Enterprise", "categories": ["repo"],
               "auth": {"oauth2": {"authorize_url": "https://ghe.example/login/oauth/authorize", "token_url": "https://ghe.example/login/oauth/access_token", "pkce": false}}}
            ]}
            """, named: "extra.json", in: directory)
        let catalog = try Catalog.load(files: [path])
        let acme = try #require(catalog.integration(type: "acme"))
        #expect(acme.auth.oauth2?.pkce == true)
        #expect(acme.auth.oauth2?.scopeSeparator == " ")
        #expect(acme.auth.oauth2?.tokenRequestAuth == .clientSecretPost)
        #expect(catalog.integration(type: "github")?.name == "GitHub Enterprise")
        #expect(catalog.integration(type: "github")?.auth.oauth2?.pkce == false)
        #expect(catalog.integrations.count == Catalog.builtIn().integrations.count + 1)
    }

    @Test func aYAMLFileWorksTheSame() throws {
        let directory = try TemporaryDirectory()
        let path = try Self.write(
            """
            integrations:
              - type: acme
                name: Acme
                categories: [crm, hris]
                auth:
                  oauth2:
                    authorize_url: https://acme.example/oauth/authorize
                    token_url: https://acme.example/oauth/token
                    scopes: [read, write]
                    scope_separator: ","
                    token_request_auth: client_secret_basic
                    keep_callback_parameters:
                      realmId: meta.realmId
            """, named: "extra.yaml", in: directory)
        let acme = try #require(try Catalog.load(files: [path]).integration(type: "acme"))
        #expect(acme.categories == ["crm", "hris"])
        #expect(acme.auth.oauth2?.scopes == ["read", "write"])
        #expect(acme.auth.oauth2?.scopeSeparator == ",")
        #expect(acme.auth.oauth2?.tokenRequestAuth == .clientSecretBasic)
        #expect(acme.auth.oauth2?.keepCallbackParameters == ["realmId": "meta.realmId"])
    }

    static let oauth = #""auth": {"oauth2": {"authorize_url": "https://a.example/authorize", "token_url": "https://a.example/token"}}"#

    @Test(arguments: [
        (
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": ["crm"], "auth": {"oauth2": {"authorize_url": "https://a.example/authorize"}}}]}"#,
            "integrations[0] (acme)", "auth.oauth2.token_url"
        ),
        (
            #"{"integrations": [{"type": "ok", "name": "Ok", "categories": [], \#(oauth)}, {"type": "acme", "name": "Acme", "categories": "crm", \#(oauth)}]}"#,
            "integrations[1] (acme)", "categories"
        ),
        (
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], "auth": {"oauth2": {"authorize_url": "https://a.example/authorize", "token_url": "not a url"}}}]}"#,
            "integrations[0] (acme)", "auth.oauth2.token_url"
        ),
        (#"{"integrations": [{"type": "Acme Corp", "name": "Acme", "categories": [], \#(oauth)}]}"#, "integrations[0] (Acme Corp)", "type"),
        (
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], "auth": {"oauth2": {"token_url": "https://a.example/token"}}}]}"#,
            "integrations[0] (acme)", "auth.oauth2.authorize_url"
        ),
        (
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], "auth": {"oauth2": {"authorize_url": "https://a.example/a", "token_url": "https://a.example/t", "token_request_auth": "private_key_jwt"}}}]}"#,
            "integrations[0] (acme)", "auth.oauth2.token_request_auth"
        ),
        (
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], "auth": {"oauth2": {"authorize_url": "https://a.example/a", "token_url": "https://a.example/t", "keep_token_fields": {"instance_url": "nowhere"}}}}]}"#,
            "integrations[0] (acme)", "auth.oauth2.keep_token_fields.instance_url"
        ),
        (
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], \#(oauth)}, {"type": "acme", "name": "Again", "categories": [], \#(oauth)}]}"#,
            "integrations[1] (acme)", "type"
        ),
        (
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], \#(oauth), "passthrough": {"retry": {"retries": 9}}}]}"#,
            "integrations[0] (acme)", "passthrough.retry.retries"
        ),
        (
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], "auth": {"other": {}}, "token_names": ["Key"]}]}"#,
            "integrations[0] (acme)", "auth.other.apply"
        ),
        (
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], "auth": {"oauth1": {"request_token_url": "https://a.example/r", "authorize_url": "https://a.example/a", "access_token_url": "https://a.example/t", "signature_method": "MD5"}}}]}"#,
            "integrations[0] (acme)", "auth.oauth1.signature_method"
        ),
        (
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], "auth": {"token": {"apply": {"jwt": {"algorithm": "none", "key": "{key}"}}}}}]}"#,
            "integrations[0] (acme)", "auth.token.apply.jwt.algorithm"
        ),
        (#"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], "auth": {}}]}"#, "integrations[0] (acme)", "auth"),
    ])
    func aBadFileNamesTheFileTheEntryAndTheField(json: String, entry: String, field: String) throws {
        let directory = try TemporaryDirectory()
        let path = try Self.write(json, named: "bad.json", in: directory)
        do {
            _ = try Catalog.load(files: [path])
            Issue.record("a bad catalog loaded")
        } catch let error as CatalogError {
            #expect(error.source == path)
            #expect(error.entry == entry)
            #expect(error.field == field)
            #expect(error.description.contains(path))
        }
    }

    @Test func unreadableAndMalformedFilesAreNamed() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: CatalogError.self) { try Catalog.load(files: [directory.path("missing.json")]) }
        let path = try Self.write("{not json", named: "broken.json", in: directory)
        do {
            _ = try Catalog.load(files: [path])
            Issue.record("a malformed catalog loaded")
        } catch let error as CatalogError {
            #expect(error.description.hasPrefix("catalog \(path)"))
        }
    }
}
