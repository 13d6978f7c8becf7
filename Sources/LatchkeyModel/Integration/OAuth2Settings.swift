/// How an integration speaks OAuth 2.0: its endpoints and its quirks, as data.
public struct OAuth2Settings: Sendable, Hashable {
    public enum Grant: String, Sendable, Hashable, Codable, CaseIterable {
        case authorizationCode = "authorization_code"
        case clientCredentials = "client_credentials"
    }

    /// How the client proves itself at the token endpoint (RFC 6749 section 2.3.1).
    public enum ClientAuthentication: String, Sendable, Hashable, Codable, CaseIterable {
        /// HTTP Basic with the client id and secret.
        case clientSecretBasic = "client_secret_basic"
        /// `client_id` and `client_secret` in the form body.
        case clientSecretPost = "client_secret_post"
    }

    /// How token requests carry their parameters.
    public enum TokenBody: String, Sendable, Hashable, Codable, CaseIterable {
        /// `application/x-www-form-urlencoded`, as RFC 6749 says.
        case form
        /// A JSON object of strings, for token endpoints that document one (Notion, Atlassian).
        case json
    }

    /// Required for the authorization-code grant.
    public var authorizeURL: String?
    public var tokenURL: String
    /// Where refresh requests go when it is not `tokenURL`.
    public var refreshURL: String?
    /// RFC 7009 revocation endpoint, used when a connection is deleted.
    public var revokeURL: String?
    public var scopes: [String]
    public var scopeSeparator: String
    /// PKCE with S256, on unless the provider rejects it.
    public var pkce: Bool
    public var tokenRequestAuth: ClientAuthentication
    public var grants: [Grant]
    /// Extra query parameters of the authorize URL, such as Google's `access_type=offline`.
    public var authorizeParameters: [String: String]
    /// Extra parameters of token requests, such as an `audience`.
    public var tokenParameters: [String: String]
    /// Extra parameters of refresh requests only, over `tokenParameters`.
    public var refreshParameters: [String: String]
    /// The body's format at the token endpoint, for the code exchange, refreshes and client credentials alike.
    public var tokenBody: TokenBody
    /// Extra headers of every token request, such as Notion's `Notion-Version`.
    public var tokenHeaders: [String: String]
    /// Token-response fields to keep, and where: an auth field (`api_url`) or `meta.NAME`.
    /// Salesforce keeps `{"instance_url": "api_url"}`.
    public var keepTokenFields: [String: String]
    /// Callback query parameters to keep, and where. QuickBooks keeps `{"realmId": "meta.realmId"}`.
    public var keepCallbackParameters: [String: String]
    /// For providers that expire refresh tokens left unused: refresh any connection not refreshed for this many days.
    public var keepaliveDays: Int?
    /// Where the access token goes on API requests; a bearer `Authorization` header unless this says otherwise.
    public var apply: CredentialPlacement?

    public init(
        authorizeURL: String?, tokenURL: String, refreshURL: String? = nil, revokeURL: String? = nil, scopes: [String] = [],
        scopeSeparator: String = " ", pkce: Bool = true, tokenRequestAuth: ClientAuthentication = .clientSecretPost,
        grants: [Grant] = [.authorizationCode], authorizeParameters: [String: String] = [:], tokenParameters: [String: String] = [:],
        refreshParameters: [String: String] = [:], tokenBody: TokenBody = .form, tokenHeaders: [String: String] = [:],
        keepTokenFields: [String: String] = [:], keepCallbackParameters: [String: String] = [:], keepaliveDays: Int? = nil,
        apply: CredentialPlacement? = nil
    ) {
        self.authorizeURL = authorizeURL
        self.tokenURL = tokenURL
        self.refreshURL = refreshURL
        self.revokeURL = revokeURL
        self.scopes = scopes
        self.scopeSeparator = scopeSeparator
        self.pkce = pkce
        self.tokenRequestAuth = tokenRequestAuth
        self.grants = grants
        self.authorizeParameters = authorizeParameters
        self.tokenParameters = tokenParameters
        self.refreshParameters = refreshParameters
        self.tokenBody = tokenBody
        self.tokenHeaders = tokenHeaders
        self.keepTokenFields = keepTokenFields
        self.keepCallbackParameters = keepCallbackParameters
        self.keepaliveDays = keepaliveDays
        self.apply = apply
    }

    enum CodingKeys: String, CodingKey {
        case authorizeURL = "authorize_url"
        case tokenURL = "token_url"
        case refreshURL = "refresh_url"
        case revokeURL = "revoke_url"
        case scopes
        case scopeSeparator = "scope_separator"
        case pkce
        case tokenRequestAuth = "token_request_auth"
        case grants
        case authorizeParameters = "authorize_parameters"
        case tokenParameters = "token_parameters"
        case refreshParameters = "refresh_parameters"
        case tokenBody = "token_body"
        case tokenHeaders = "token_headers"
        case keepTokenFields = "keep_token_fields"
        case keepCallbackParameters = "keep_callback_parameters"
        case keepaliveDays = "keepalive_days"
        case apply
    }
}

extension OAuth2Settings: Codable {
    /// Every field but `token_url` has a default, so catalog entries say only what differs.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        authorizeURL = try container.decodeIfPresent(String.self, forKey: .authorizeURL)
        tokenURL = try container.decode(String.self, forKey: .tokenURL)
        refreshURL = try container.decodeIfPresent(String.self, forKey: .refreshURL)
        revokeURL = try container.decodeIfPresent(String.self, forKey: .revokeURL)
        scopes = try container.decodeIfPresent([String].self, forKey: .scopes) ?? []
        scopeSeparator = try container.decodeIfPresent(String.self, forKey: .scopeSeparator) ?? " "
        pkce = try container.decodeIfPresent(Bool.self, forKey: .pkce) ?? true
        tokenRequestAuth = try container.decodeIfPresent(ClientAuthentication.self, forKey: .tokenRequestAuth) ?? .clientSecretPost
        grants = try container.decodeIfPresent([Grant].self, forKey: .grants) ?? [.authorizationCode]
        authorizeParameters = try container.decodeIfPresent([String: String].self, forKey: .authorizeParameters) ?? [:]
        tokenParameters = try container.decodeIfPresent([String: String].self, forKey: .tokenParameters) ?? [:]
        refreshParameters = try container.decodeIfPresent([String: String].self, forKey: .refreshParameters) ?? [:]
        tokenBody = try container.decodeIfPresent(TokenBody.self, forKey: .tokenBody) ?? .form
        tokenHeaders = try container.decodeIfPresent([String: String].self, forKey: .tokenHeaders) ?? [:]
        keepTokenFields = try container.decodeIfPresent([String: String].self, forKey: .keepTokenFields) ?? [:]
        keepCallbackParameters = try container.decodeIfPresent([String: String].self, forKey: .keepCallbackParameters) ?? [:]
        keepaliveDays = try container.decodeIfPresent(Int.self, forKey: .keepaliveDays)
        apply = try container.decodeIfPresent(CredentialPlacement.self, forKey: .apply)
    }
}
