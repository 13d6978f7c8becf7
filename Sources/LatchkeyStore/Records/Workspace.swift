import Foundation

/// A tenant of Latchkey: a product whose end users' connections are kept apart from every other's.
public struct Workspace: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id
        case name
        case createdAt = "created_at"
    }
}

/// A workspace just made, with the only copy of its API key that will ever be shown.
public struct CreatedWorkspace: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var apiKey: String

    enum CodingKeys: String, CodingKey {
        case id
        case name
        case apiKey = "api_key"
    }
}
