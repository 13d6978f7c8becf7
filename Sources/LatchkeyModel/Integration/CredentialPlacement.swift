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
/// {"jwt": {"algorithm": "HS256", "key": "{key}", "claims": {"iss": "{token}"}, "lifetime_seconds": 300}}
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
    /// A JWT signed for each request.
    public var jwt: RequestJWTPlacement?

    public init(
        bearer: String? = nil, header: [String: String]? = nil, query: [String: String]? = nil, basic: BasicPlacement? = nil,
        oauth1: OAuth1Placement? = nil, jwt: RequestJWTPlacement? = nil
    ) {
        self.bearer = bearer
        self.header = header
        self.query = query
        self.basic = basic
        self.oauth1 = oauth1
        self.jwt = jwt
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
        case .oauth2, .oauth2ClientCredentials, .app, .jwtBearer: CredentialPlacement(bearer: "{access_token}")
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
        case jwt
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

/// A JWT made for each request, as some APIs want (for example an HS256 token signed with the API secret).
///
/// `key` is a template giving the HS256 secret or the PEM of an RS256 or ES256 key; string claims are templates.
/// `iat` and `exp` (`iat` plus `lifetime_seconds`) are added unless the claims set them.
public struct RequestJWTPlacement: Sendable, Hashable {
    public var algorithm: String
    public var key: String
    public var claims: [String: JSONValue]
    public var lifetimeSeconds: Int
    /// The header that carries the token, and what precedes it.
    public var header: String
    public var prefix: String

    public init(
        algorithm: String, key: String, claims: [String: JSONValue] = [:], lifetimeSeconds: Int = 300, header: String = "Authorization",
        prefix: String = "Bearer "
    ) {
        self.algorithm = algorithm
        self.key = key
        self.claims = claims
        self.lifetimeSeconds = lifetimeSeconds
        self.header = header
        self.prefix = prefix
    }

    enum CodingKeys: String, CodingKey {
        case algorithm
        case key
        case claims
        case lifetimeSeconds = "lifetime_seconds"
        case header
        case prefix
    }
}

extension RequestJWTPlacement: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        algorithm = try container.decode(String.self, forKey: .algorithm)
        key = try container.decode(String.self, forKey: .key)
        claims = try container.decodeIfPresent([String: JSONValue].self, forKey: .claims) ?? [:]
        lifetimeSeconds = try container.decodeIfPresent(Int.self, forKey: .lifetimeSeconds) ?? 300
        header = try container.decodeIfPresent(String.self, forKey: .header) ?? "Authorization"
        prefix = try container.decodeIfPresent(String.self, forKey: .prefix) ?? "Bearer "
    }
}
