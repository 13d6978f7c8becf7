/// The writable fields of a connection, as a caller sends them to create, replace or patch one.
///
/// Read-only fields (`id`, `workspace_id`, `is_paused`, timestamps, health) may be present in a body,
/// as Unified's SDKs send whole objects, and are ignored.
public struct ConnectionDraft: Sendable, Hashable {
    public var integrationType: String?
    public var integrationName: String?
    public var categories: [ConnectionCategory]?
    public var permissions: [Permission]?
    public var auth: ConnectionAuth?
    public var environment: String?
    public var externalXref: String?

    public init(
        integrationType: String? = nil, integrationName: String? = nil, categories: [ConnectionCategory]? = nil,
        permissions: [Permission]? = nil, auth: ConnectionAuth? = nil, environment: String? = nil, externalXref: String? = nil
    ) {
        self.integrationType = integrationType
        self.integrationName = integrationName
        self.categories = categories
        self.permissions = permissions
        self.auth = auth
        self.environment = environment
        self.externalXref = externalXref
    }

    /// The wire names a caller may write.
    public static let writableFieldNames: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))

    enum CodingKeys: String, CodingKey, CaseIterable {
        case integrationType = "integration_type"
        case integrationName = "integration_name"
        case categories
        case permissions
        case auth
        case environment
        case externalXref = "external_xref"
    }
}

extension ConnectionDraft: Codable {}
