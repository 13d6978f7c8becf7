/// How an integration speaks OAuth 1.0a (RFC 5849): the three endpoints of the flow and the signature method.
public struct OAuth1Settings: Sendable, Hashable {
    /// Where temporary credentials are requested (section 2.1).
    public var requestTokenURL: String
    /// Where the end user is sent to authorize them (section 2.2).
    public var authorizeURL: String
    /// Where the verifier is exchanged for token credentials (section 2.3).
    public var accessTokenURL: String
    /// `HMAC-SHA1` unless the provider wants another.
    public var signatureMethod: String
    public var realm: String?
    /// Where the signature goes: the `Authorization` header unless this says otherwise.
    public var apply: CredentialPlacement?

    public init(
        requestTokenURL: String, authorizeURL: String, accessTokenURL: String, signatureMethod: String = "HMAC-SHA1", realm: String? = nil,
        apply: CredentialPlacement? = nil
    ) {
        self.requestTokenURL = requestTokenURL
        self.authorizeURL = authorizeURL
        self.accessTokenURL = accessTokenURL
        self.signatureMethod = signatureMethod
        self.realm = realm
        self.apply = apply
    }

    /// The signature methods RFC 5849 defines, plus HMAC-SHA256.
    public static let signatureMethods: Set<String> = ["HMAC-SHA1", "HMAC-SHA256", "RSA-SHA1", "PLAINTEXT"]

    enum CodingKeys: String, CodingKey {
        case requestTokenURL = "request_token_url"
        case authorizeURL = "authorize_url"
        case accessTokenURL = "access_token_url"
        case signatureMethod = "signature_method"
        case realm
        case apply
    }
}

extension OAuth1Settings: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        requestTokenURL = try container.decode(String.self, forKey: .requestTokenURL)
        authorizeURL = try container.decode(String.self, forKey: .authorizeURL)
        accessTokenURL = try container.decode(String.self, forKey: .accessTokenURL)
        signatureMethod = try container.decodeIfPresent(String.self, forKey: .signatureMethod) ?? "HMAC-SHA1"
        realm = try container.decodeIfPresent(String.self, forKey: .realm)
        apply = try container.decodeIfPresent(CredentialPlacement.self, forKey: .apply)
    }
}
