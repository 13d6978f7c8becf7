import Foundation

/// A workspace's own OAuth application at an integration: the client id and secret its end users authorize.
public struct IntegrationApp: Sendable, Hashable {
    public var workspaceID: String
    public var integrationType: String
    public var clientID: String
    public var clientSecret: String
    /// The scopes to ask for; the catalog entry's defaults when `nil`.
    public var scopes: [String]?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        workspaceID: String, integrationType: String, clientID: String, clientSecret: String, scopes: [String]?, createdAt: Date,
        updatedAt: Date
    ) {
        self.workspaceID = workspaceID
        self.integrationType = integrationType
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension IntegrationApp: CustomStringConvertible, CustomDebugStringConvertible {
    /// Never shows the client secret.
    public var description: String { "IntegrationApp(\(workspaceID)/\(integrationType), client_id: \(clientID))" }
    public var debugDescription: String { description }
}
