/// How one connection authenticates: which `auth` fields carry its credentials and how they are applied.
public enum AuthKind: String, Sendable, Hashable, Codable, CaseIterable {
    case oauth2
    case oauth2ClientCredentials = "oauth2_client_credentials"
    case oauth1
    case token
    case basic
    case other

    /// Whether the end user types the credentials in (the hosted credential page), rather than authorizing.
    public var isEntered: Bool { self == .token || self == .basic || self == .other }
}

extension ConnectionAuth {
    /// The kind of these credentials among those `integration` supports: the first of its kinds whose fields are
    /// present (OAuth 1.0a: `consumer_key`; OAuth 2.0: `access_token`, `refresh_token` or client credentials; token:
    /// `token` or `key`; basic and other: `other_auth_info`), else its only kind. `nil` when nothing fits.
    public func kind(in integration: IntegrationAuth) -> AuthKind? {
        let kinds = integration.kinds
        let present = kinds.first { kind in
            switch kind {
            case .oauth1: consumerKey != nil
            case .oauth2: accessToken != nil || refreshToken != nil
            case .oauth2ClientCredentials: accessToken != nil || clientID != nil
            case .token: token != nil || key != nil
            case .basic, .other: !(otherAuthInfo ?? []).isEmpty
            }
        }
        return present ?? (kinds.count == 1 ? kinds.first : nil)
    }
}
