/// GitHub-App-style tokens: a JWT signed with the app's private key (`pem`, RS256), issued by `app_id`, is exchanged at
/// `token_url` (which names `{installation_id}`, kept in `auth.meta`) for an installation access token with an expiry.
public struct AppTokenSettings: Sendable, Hashable {
    public var tokenURL: String
    /// Headers of the exchange, such as GitHub's `Accept: application/vnd.github+json`.
    public var headers: [String: String]
    /// Where the answer holds the token and its expiry.
    public var tokenField: String
    public var expiresAtField: String

    public init(
        tokenURL: String, headers: [String: String] = ["Accept": "application/vnd.github+json"], tokenField: String = "token",
        expiresAtField: String = "expires_at"
    ) {
        self.tokenURL = tokenURL
        self.headers = headers
        self.tokenField = tokenField
        self.expiresAtField = expiresAtField
    }

    enum CodingKeys: String, CodingKey {
        case tokenURL = "token_url"
        case headers
        case tokenField = "token_field"
        case expiresAtField = "expires_at_field"
    }
}

extension AppTokenSettings: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tokenURL = try container.decode(String.self, forKey: .tokenURL)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? ["Accept": "application/vnd.github+json"]
        tokenField = try container.decodeIfPresent(String.self, forKey: .tokenField) ?? "token"
        expiresAtField = try container.decodeIfPresent(String.self, forKey: .expiresAtField) ?? "expires_at"
    }
}

/// The JWT bearer grant of RFC 7523, as service accounts use it: an assertion issued by `client_id`, for `audience`
/// (the token URL unless set), signed with `pem`, is exchanged at `token_url` for an access token.
public struct JWTBearerSettings: Sendable, Hashable {
    public var tokenURL: String?
    public var audience: String?
    public var scopes: [String]
    /// `RS256` unless the provider wants `ES256`.
    public var algorithm: String

    public init(tokenURL: String? = nil, audience: String? = nil, scopes: [String] = [], algorithm: String = "RS256") {
        self.tokenURL = tokenURL
        self.audience = audience
        self.scopes = scopes
        self.algorithm = algorithm
    }

    enum CodingKeys: String, CodingKey {
        case tokenURL = "token_url"
        case audience
        case scopes
        case algorithm
    }
}

extension JWTBearerSettings: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tokenURL = try container.decodeIfPresent(String.self, forKey: .tokenURL)
        audience = try container.decodeIfPresent(String.self, forKey: .audience)
        scopes = try container.decodeIfPresent([String].self, forKey: .scopes) ?? []
        algorithm = try container.decodeIfPresent(String.self, forKey: .algorithm) ?? "RS256"
    }
}
