import Foundation

/// One end user's authorized link to one integration, as Unified's connection API shows it.
public struct Connection: Sendable, Hashable {
    public var id: String
    public var workspaceID: String
    public var integrationType: String
    public var integrationName: String?
    public var categories: [ConnectionCategory]
    public var permissions: [Permission]
    public var auth: ConnectionAuth?
    /// `Production` unless the caller said otherwise.
    public var environment: String
    /// The caller's own id for the end user.
    public var externalXref: String?
    public var isPaused: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var lastHealthyAt: Date?
    public var lastUnhealthyAt: Date?
    public var lastUnhealthyCode: String?

    public static let defaultEnvironment = "Production"

    /// A new connection made from what a caller sent.
    public init(id: String, workspaceID: String, draft: ConnectionDraft, now: Date) {
        self.id = id
        self.workspaceID = workspaceID
        self.integrationType = draft.integrationType ?? ""
        self.integrationName = draft.integrationName
        self.categories = draft.categories ?? []
        self.permissions = draft.permissions ?? []
        self.auth = draft.auth
        self.environment = draft.environment ?? Self.defaultEnvironment
        self.externalXref = draft.externalXref
        self.isPaused = false
        self.createdAt = WireDate.truncated(now)
        self.updatedAt = self.createdAt
    }

    /// The writable part of this connection, as a caller would send it.
    public var draft: ConnectionDraft {
        ConnectionDraft(
            integrationType: integrationType, integrationName: integrationName, categories: categories, permissions: permissions,
            auth: auth, environment: environment, externalXref: externalXref)
    }

    /// This connection with its writable fields replaced by `draft`; the read-only ones stay.
    public func replacing(with draft: ConnectionDraft, now: Date) -> Connection {
        var replaced = Connection(id: id, workspaceID: workspaceID, draft: draft, now: now)
        replaced.isPaused = isPaused
        replaced.createdAt = createdAt
        replaced.lastHealthyAt = lastHealthyAt
        replaced.lastUnhealthyAt = lastUnhealthyAt
        replaced.lastUnhealthyCode = lastUnhealthyCode
        return replaced
    }

    /// Every wire name of a connection, the read-only ones included.
    public static let fieldNames: [String] = CodingKeys.allCases.map(\.rawValue)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
        case workspaceID = "workspace_id"
        case integrationType = "integration_type"
        case integrationName = "integration_name"
        case categories
        case permissions
        case auth
        case environment
        case externalXref = "external_xref"
        case isPaused = "is_paused"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case lastHealthyAt = "last_healthy_at"
        case lastUnhealthyAt = "last_unhealthy_at"
        case lastUnhealthyCode = "last_unhealthy_code"
    }
}

extension Connection: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        workspaceID = try container.decode(String.self, forKey: .workspaceID)
        integrationType = try container.decode(String.self, forKey: .integrationType)
        integrationName = try container.decodeIfPresent(String.self, forKey: .integrationName)
        categories = try container.decodeIfPresent([ConnectionCategory].self, forKey: .categories) ?? []
        permissions = try container.decodeIfPresent([Permission].self, forKey: .permissions) ?? []
        auth = try container.decodeIfPresent(ConnectionAuth.self, forKey: .auth)
        environment = try container.decodeIfPresent(String.self, forKey: .environment) ?? Self.defaultEnvironment
        externalXref = try container.decodeIfPresent(String.self, forKey: .externalXref)
        isPaused = try container.decodeIfPresent(Bool.self, forKey: .isPaused) ?? false
        guard let created = try container.decodeWireDateIfPresent(forKey: .createdAt),
            let updated = try container.decodeWireDateIfPresent(forKey: .updatedAt)
        else {
            throw DecodingError.keyNotFound(CodingKeys.createdAt, .init(codingPath: decoder.codingPath, debugDescription: "timestamps missing"))
        }
        createdAt = created
        updatedAt = updated
        lastHealthyAt = try container.decodeWireDateIfPresent(forKey: .lastHealthyAt)
        lastUnhealthyAt = try container.decodeWireDateIfPresent(forKey: .lastUnhealthyAt)
        lastUnhealthyCode = try container.decodeIfPresent(String.self, forKey: .lastUnhealthyCode)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(workspaceID, forKey: .workspaceID)
        try container.encode(integrationType, forKey: .integrationType)
        try container.encodeIfPresent(integrationName, forKey: .integrationName)
        try container.encode(categories, forKey: .categories)
        try container.encode(permissions, forKey: .permissions)
        try container.encodeIfPresent(auth, forKey: .auth)
        try container.encode(environment, forKey: .environment)
        try container.encodeIfPresent(externalXref, forKey: .externalXref)
        try container.encode(isPaused, forKey: .isPaused)
        try container.encodeWireDateIfPresent(createdAt, forKey: .createdAt)
        try container.encodeWireDateIfPresent(updatedAt, forKey: .updatedAt)
        try container.encodeWireDateIfPresent(lastHealthyAt, forKey: .lastHealthyAt)
        try container.encodeWireDateIfPresent(lastUnhealthyAt, forKey: .lastUnhealthyAt)
        try container.encodeIfPresent(lastUnhealthyCode, forKey: .lastUnhealthyCode)
    }
}
