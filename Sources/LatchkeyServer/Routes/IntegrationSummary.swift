import LatchkeyModel

/// An integration as `GET /unified/integration` answers it: Unified's Integration fields, plus the auth kinds
/// Latchkey supports for it.
struct IntegrationSummary: Encodable, Sendable {
    let type: String
    let name: String
    let categories: [ConnectionCategory]
    let apiURL: String?
    let apiDocsURL: String?
    let webURL: String?
    let logoURL: String?
    let tokenNames: [String]?
    let tokenInstructions: [String]?
    let authKinds: [String]
    let isActive: Bool

    init(_ integration: Integration) {
        type = integration.type
        name = integration.name
        categories = integration.categories
        apiURL = integration.apiURL
        apiDocsURL = integration.docsURL
        webURL = integration.webURL
        logoURL = integration.logoURL
        tokenNames = integration.tokenNames
        tokenInstructions = integration.tokenInstructions
        authKinds = integration.auth.kinds.map(\.rawValue)
        isActive = true
    }

    enum CodingKeys: String, CodingKey {
        case type
        case name
        case categories
        case apiURL = "api_url"
        case apiDocsURL = "api_docs_url"
        case webURL = "web_url"
        case logoURL = "logo_url"
        case tokenNames = "token_names"
        case tokenInstructions = "token_instructions"
        case authKinds = "auth_kinds"
        case isActive = "is_active"
    }
}
