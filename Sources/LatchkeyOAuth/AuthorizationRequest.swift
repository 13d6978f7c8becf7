import LatchkeyModel

/// The authorize URL an end user is sent to (RFC 6749 section 4.1.1, with RFC 7636 PKCE).
public struct AuthorizationRequest: Sendable, Hashable {
    public var clientID: String
    public var redirectURI: String
    public var state: String
    public var scopes: [String]
    public var pkce: PKCE?
    /// Values for the URL's placeholders, such as `subdomain`.
    public var values: [String: String]

    public init(clientID: String, redirectURI: String, state: String, scopes: [String], pkce: PKCE?, values: [String: String] = [:]) {
        self.clientID = clientID
        self.redirectURI = redirectURI
        self.state = state
        self.scopes = scopes
        self.pkce = pkce
        self.values = values
    }

    /// The URL, with the integration's own extra parameters after the standard ones.
    public func url(for settings: OAuth2Settings) throws -> String {
        guard let template = settings.authorizeURL else { throw URLTemplate.MissingValue(placeholder: "authorize_url") }
        let base = try URLTemplate.fill(template, values: values)
        var parameters: [(String, String)] = [("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirectURI)]
        if !scopes.isEmpty { parameters.append(("scope", scopes.joined(separator: settings.scopeSeparator))) }
        parameters.append(("state", state))
        if let pkce {
            parameters += [("code_challenge", pkce.challenge), ("code_challenge_method", PKCE.method)]
        }
        parameters += settings.authorizeParameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return base + (base.contains("?") ? "&" : "?") + FormEncoding.encode(parameters)
    }
}
