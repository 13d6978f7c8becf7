/// Where a connection's credentials go on each request to the integration's API, as data in its catalog entry.
///
/// Every value is a template: `{name}` names an `auth` field (`{access_token}`, `{token}`), one of the integration's
/// `token_names` (`{API Key}`, the matching `other_auth_info` value), or a string in `auth.meta` (`{subdomain}`).
/// Several placements may be combined, such as a header and a query parameter.
///
/// ```json
/// {"header": {"X-Api-Key": "{API Key}"}, "query": {"account": "{Account}"}}
/// {"bearer": "{token}"}
/// {"basic": {"username": "{token}", "password": ""}}
/// {"oauth1": {"signature_method": "HMAC-SHA256"}}
/// ```
public struct CredentialPlacement: Sendable, Hashable, Codable {
    /// `Authorization: Bearer <value>`.
    public var bearer: String?
    /// Named headers with their value templates, such as `{"Authorization": "Token {token}"}`.
    public var header: [String: String]?
    /// Query parameters with their value templates.
    public var query: [String: String]?
    /// HTTP Basic (RFC 7617) from two templates.
    public var basic: BasicPlacement?
    /// An OAuth 1.0a signature in the `Authorization` header.
    public var oauth1: OAuth1Placement?

    public init(
        bearer: String? = nil, header: [String: String]? = nil, query: [String: String]? = nil, basic: BasicPlacement? = nil,
        oauth1: OAuth1Placement? = nil
    ) {
        self.bearer = bearer
        self.header = header
        self.query = query
        self.basic = basic
        self.oauth1 = oauth1
    }

    /// Every template of this placement, for checking catalog entries.
    public var templates: [String] {
        [bearer, basic?.username, basic?.password].compactMap(\.self) + (header ?? [:]).values.sorted() + (query ?? [:]).values.sorted()
    }

    /// Where `kind`'s credentials go when the entry says nothing: a bearer access token for OAuth 2.0, a bearer
    /// `token` (or `key`) for API keys, HTTP Basic from the first two values for basic, an HMAC-SHA1 signature for
    /// OAuth 1.0a. `other` has no default: its entry must say.
    public static func defaultPlacement(for kind: AuthKind) -> CredentialPlacement? {
        switch kind {
        case .oauth2, .oauth2ClientCredentials: CredentialPlacement(bearer: "{access_token}")
        case .oauth1: CredentialPlacement(oauth1: OAuth1Placement())
        case .token: CredentialPlacement(bearer: "{token}")
        case .basic: CredentialPlacement(basic: BasicPlacement(username: "{0}", password: "{1}"))
        case .other: nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case bearer
        case header
        case query
        case basic
        case oauth1
    }
}

/// HTTP Basic credentials from templates.
public struct BasicPlacement: Sendable, Hashable, Codable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// An OAuth 1.0a signature; the method defaults to the integration's, else HMAC-SHA1.
public struct OAuth1Placement: Sendable, Hashable, Codable {
    public var signatureMethod: String?

    public init(signatureMethod: String? = nil) { self.signatureMethod = signatureMethod }

    enum CodingKeys: String, CodingKey {
        case signatureMethod = "signature_method"
    }
}
