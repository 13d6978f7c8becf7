/// The ways an integration's connections can authenticate; an entry sets one or more.
public struct IntegrationAuth: Sendable, Hashable, Codable {
    public var oauth2: OAuth2Settings?
    public var oauth1: OAuth1Settings?
    /// An API key or personal token the end user types in, kept in `auth.token`.
    public var token: EnteredCredentialSettings?
    /// A user name and password (the first two `token_names`), kept in `auth.other_auth_info`, sent as HTTP Basic.
    public var basic: EnteredCredentialSettings?
    /// Any set of values named by `token_names`, kept in `auth.other_auth_info`; `apply` says where they go.
    public var other: EnteredCredentialSettings?
    /// A GitHub-App-style installation token from `app_id` and `pem`.
    public var app: AppTokenSettings?
    /// An access token from a JWT assertion (RFC 7523) signed with `pem`.
    public var jwtBearer: JWTBearerSettings?

    public init(
        oauth2: OAuth2Settings? = nil, oauth1: OAuth1Settings? = nil, token: EnteredCredentialSettings? = nil,
        basic: EnteredCredentialSettings? = nil, other: EnteredCredentialSettings? = nil, app: AppTokenSettings? = nil,
        jwtBearer: JWTBearerSettings? = nil
    ) {
        self.oauth2 = oauth2
        self.oauth1 = oauth1
        self.token = token
        self.basic = basic
        self.other = other
        self.app = app
        self.jwtBearer = jwtBearer
    }

    /// The auth kinds this entry supports, as `GET /unified/integration` lists them.
    public var kinds: [AuthKind] {
        var kinds: [AuthKind] = oauth2.map { $0.grants.map { $0 == .authorizationCode ? .oauth2 : .oauth2ClientCredentials } } ?? []
        if oauth1 != nil { kinds.append(.oauth1) }
        if token != nil { kinds.append(.token) }
        if basic != nil { kinds.append(.basic) }
        if other != nil { kinds.append(.other) }
        if app != nil { kinds.append(.app) }
        if jwtBearer != nil { kinds.append(.jwtBearer) }
        return kinds
    }

    /// The entered-credential settings of `kind`, for the kinds whose values the end user types in.
    public func enteredCredentials(_ kind: AuthKind) -> EnteredCredentialSettings? {
        switch kind {
        case .token: token
        case .basic: basic
        case .other: other
        default: nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case oauth2
        case oauth1
        case token
        case basic
        case other
        case app
        case jwtBearer = "jwt_bearer"
    }
}
