/// One entry of the integration catalog: a third-party API and how its connections authenticate.
///
/// Entries are data, not code: Latchkey ships a built-in catalog, and `latchkey serve --catalog FILE`
/// adds entries or replaces built-in ones by `type`. URLs may hold placeholders such as `{subdomain}`,
/// filled from the connection's own values.
public struct Integration: Sendable, Hashable, Codable {
    /// The slug that names the integration everywhere (`github`, `google-calendar`).
    public var type: String
    public var name: String
    public var categories: [ConnectionCategory]
    /// The base of the integration's API, such as `https://api.github.com`.
    public var apiURL: String?
    /// The provider's documentation of the API and of its authorization.
    public var docsURL: String?
    public var webURL: String?
    public var logoURL: String?
    /// For credentials typed in by the end user: what each value is called, in order.
    public var tokenNames: [String]?
    /// For credentials typed in by the end user: where to find each value, in the order of `tokenNames`.
    public var tokenInstructions: [String]?
    public var auth: IntegrationAuth
    /// How calls through `/passthrough` treat this API.
    public var passthrough: PassthroughSettings?

    public init(
        type: String, name: String, categories: [ConnectionCategory], apiURL: String? = nil, docsURL: String? = nil,
        tokenNames: [String]? = nil, tokenInstructions: [String]? = nil, auth: IntegrationAuth
    ) {
        self.type = type
        self.name = name
        self.categories = categories
        self.apiURL = apiURL
        self.docsURL = docsURL
        self.tokenNames = tokenNames
        self.tokenInstructions = tokenInstructions
        self.auth = auth
    }

    enum CodingKeys: String, CodingKey {
        case type
        case name
        case categories
        case apiURL = "api_url"
        case docsURL = "docs_url"
        case webURL = "web_url"
        case logoURL = "logo_url"
        case tokenNames = "token_names"
        case tokenInstructions = "token_instructions"
        case auth
        case passthrough
    }
}
