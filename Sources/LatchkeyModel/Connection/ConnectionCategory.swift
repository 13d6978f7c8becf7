/// A category of API a connection is used for (`crm`, `hris`, …). An open set: unknown values are kept.
public struct ConnectionCategory: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The categories Unified's SDKs name today.
    public static let known: [ConnectionCategory] = [
        "passthrough", "hris", "ats", "auth", "crm", "enrich", "martech", "ticketing", "uc", "accounting", "storage", "commerce",
        "payment", "genai", "messaging", "kms", "task", "scim", "lms", "repo", "metadata", "calendar", "verification", "ads",
        "analytics", "forms", "shipping", "assessment", "signing", "clubs", "datastore", "cdp", "performance", "social", "legal",
        "compute", "healthcare",
    ]
}

/// A permission granted to a connection, such as `crm_contact_read` or `webhook`. An open set: unknown values are kept.
public struct Permission: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
}
