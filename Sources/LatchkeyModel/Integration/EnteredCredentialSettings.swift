/// Settings of a kind whose credentials the end user types in: API keys, basic, other.
public struct EnteredCredentialSettings: Sendable, Hashable, Codable {
    /// Where the values go on each request; each kind has a default (see `CredentialPlacement.defaultPlacement`).
    public var apply: CredentialPlacement?
    /// A request that must succeed with the entered credentials before the connection is stored.
    public var verify: VerificationRequest?

    public init(apply: CredentialPlacement? = nil, verify: VerificationRequest? = nil) {
        self.apply = apply
        self.verify = verify
    }
}

/// A request to the integration's API that proves entered credentials work, such as `GET /user`.
public struct VerificationRequest: Sendable, Hashable, Codable {
    public var method: String
    /// Relative to the integration's `api_url`, or an absolute URL template.
    public var path: String

    public init(method: String = "GET", path: String) {
        self.method = method
        self.path = path
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decodeIfPresent(String.self, forKey: .method) ?? "GET"
        path = try container.decode(String.self, forKey: .path)
    }

    enum CodingKeys: String, CodingKey {
        case method
        case path
    }
}
