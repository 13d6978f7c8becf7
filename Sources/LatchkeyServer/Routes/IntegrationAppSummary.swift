import Foundation
import LatchkeyModel

/// A workspace's OAuth app as the API shows it: never the client secret.
struct IntegrationAppSummary: Encodable, Sendable {
    let workspaceID: String
    let integrationType: String
    let clientID: String
    let scopes: [String]?
    let createdAt: String
    let updatedAt: String

    init(_ app: IntegrationApp) {
        workspaceID = app.workspaceID
        integrationType = app.integrationType
        clientID = app.clientID
        scopes = app.scopes
        createdAt = WireDate.format(app.createdAt)
        updatedAt = WireDate.format(app.updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case workspaceID = "workspace_id"
        case integrationType = "integration_type"
        case clientID = "client_id"
        case scopes
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// The body of `PUT /unified/integration/workspace/{workspace_id}/{integration_type}`.
struct IntegrationAppInput: Decodable, Sendable {
    let clientID: String?
    let clientSecret: String?
    let scopes: [String]?

    static let fieldNames: [String] = CodingKeys.allCases.map(\.rawValue)

    enum CodingKeys: String, CodingKey, CaseIterable {
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case scopes
    }
}
