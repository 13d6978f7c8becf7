import LatchkeyModel

/// An authorization in progress: what the callback needs once the end user comes back from the provider.
///
/// Kept server-side under the hash of its random state, sealed (the PKCE verifier is a secret), single-use,
/// and expiring after ten minutes.
public struct AuthorizationFlow: Sendable, Hashable, Codable {
    public var workspaceID: String
    public var integrationType: String
    public var redirectURI: String
    public var pkceVerifier: String?
    public var scopes: [String]
    /// Values for the integration's URL placeholders, such as `subdomain`.
    public var values: [String: String]
    public var successRedirect: String?
    public var failureRedirect: String?
    /// The caller's own `state`, handed back on the success redirect.
    public var callerState: String?
    public var externalXref: String?
    public var environment: String?
    /// Set when the flow re-authorizes an existing connection in place.
    public var connectionID: String?
    /// OAuth 1.0a: the temporary credentials the end user is authorizing.
    public var temporaryToken: String?
    public var temporaryTokenSecret: String?
    /// Set when the end user types the credentials into Latchkey's own page instead of authorizing at a provider.
    public var enteredKind: AuthKind?

    public init(
        workspaceID: String, integrationType: String, redirectURI: String, pkceVerifier: String?, scopes: [String], values: [String: String],
        successRedirect: String?, failureRedirect: String?, callerState: String?, externalXref: String?, environment: String?,
        connectionID: String?
    ) {
        self.workspaceID = workspaceID
        self.integrationType = integrationType
        self.redirectURI = redirectURI
        self.pkceVerifier = pkceVerifier
        self.scopes = scopes
        self.values = values
        self.successRedirect = successRedirect
        self.failureRedirect = failureRedirect
        self.callerState = callerState
        self.externalXref = externalXref
        self.environment = environment
        self.connectionID = connectionID
    }
}

/// What a callback's state named.
public enum AuthorizationFlowLookup: Sendable, Hashable {
    /// A flow in time; it is now used up.
    case found(AuthorizationFlow)
    /// A flow whose ten minutes had passed; it is now used up.
    case expired(AuthorizationFlow)
    /// A flow that was already used: a replayed or doubled callback.
    case reused(AuthorizationFlow)
    /// No flow: a forged or mistyped state, or one used more than a day ago.
    case unknown
}
