/// How one connection authenticates: which `auth` fields carry its credentials and how they are applied.
public enum AuthKind: String, Sendable, Hashable, Codable, CaseIterable {
    case oauth2
    case oauth2ClientCredentials = "oauth2_client_credentials"
    case oauth1
    case token
    case basic
    case other
    /// A GitHub-App-style installation token, obtained with a JWT signed by the app's key.
    case app
    /// An access token obtained with a signed JWT assertion (RFC 7523), as service accounts do.
    case jwtBearer = "jwt_bearer"

    /// Whether the end user types the credentials in (the hosted credential page), rather than authorizing.
    public var isEntered: Bool { self == .token || self == .basic || self == .other }

}

extension ConnectionAuth {
    /// The kind of these credentials among those `integration` supports: the first of its kinds whose fields are
    /// present (OAuth 1.0a: `consumer_key`; OAuth 2.0: `access_token`, `refresh_token` or client credentials; token:
    /// `token` or `key`; basic and other: `other_auth_info`; app: `app_id` and `pem`; JWT bearer: `pem` with
    /// `client_id` or `token_url`), else its only kind. `nil` when nothing fits.
    public func kind(in integration: IntegrationAuth) -> AuthKind? {
        let kinds = integration.kinds
        let present = kinds.first { kind in
            switch kind {
            case .oauth1: consumerKey != nil
            case .oauth2: accessToken != nil || refreshToken != nil
            case .oauth2ClientCredentials: accessToken != nil || clientID != nil
            case .token: token != nil || key != nil
            case .basic, .other: !(otherAuthInfo ?? []).isEmpty
            case .app: appID != nil && pem != nil
            case .jwtBearer: pem != nil && (clientID != nil || tokenURL != nil)
            }
        }
        return present ?? (kinds.count == 1 ? kinds.first : nil)
    }
}
