import Foundation
import LatchkeyModel
import SQLKit

extension Store {
    /// Sets a workspace's OAuth app for an integration, replacing the one it had. The client secret is sealed
    /// to its row like a connection's auth.
    public func configureIntegrationApp(
        workspaceID: String, integrationType: String, clientID: String, clientSecret: String, scopes: [String]?, now: Date = Date()
    ) async throws -> IntegrationApp {
        let sealed = try await keyring.seal(
            Data(clientSecret.utf8), context: .integrationApp(workspaceID: workspaceID, integrationType: integrationType))
        let scopesText = try scopes.map { String(decoding: try WireJSON.encode($0), as: UTF8.self) }
        let at = StoreTime.milliseconds(now)
        try await database.raw(
            """
            INSERT INTO integration_apps (workspace_id, integration_type, client_id, secret_sealed, secret_key_id, scopes, created_at, updated_at)
            VALUES (\(bind: workspaceID), \(bind: integrationType), \(bind: clientID), \(bind: sealed.text), \(bind: sealed.keyID),
                \(bind: scopesText), \(bind: at), \(bind: at))
            ON CONFLICT (workspace_id, integration_type) DO UPDATE SET client_id = excluded.client_id,
                secret_sealed = excluded.secret_sealed, secret_key_id = excluded.secret_key_id, scopes = excluded.scopes,
                updated_at = excluded.updated_at
            """
        ).run()
        return try await integrationApp(workspaceID: workspaceID, integrationType: integrationType)!
    }

    /// A workspace's OAuth app for an integration, with its secret opened; `nil` when it has none.
    public func integrationApp(workspaceID: String, integrationType: String) async throws -> IntegrationApp? {
        guard
            let row = try await database.raw(
                """
                SELECT \(unsafeRaw: Self.appColumns) FROM integration_apps
                WHERE workspace_id = \(bind: workspaceID) AND integration_type = \(bind: integrationType)
                """
            ).first()
        else { return nil }
        return try await decodeApp(row)
    }

    /// Every OAuth app a workspace has configured, by integration type.
    public func integrationApps(workspaceID: String) async throws -> [IntegrationApp] {
        var apps: [IntegrationApp] = []
        let rows = try await database.raw(
            "SELECT \(unsafeRaw: Self.appColumns) FROM integration_apps WHERE workspace_id = \(bind: workspaceID) ORDER BY integration_type"
        ).all()
        for row in rows { apps.append(try await decodeApp(row)) }
        return apps
    }

    /// Removes a workspace's OAuth app; answers whether it had one.
    public func removeIntegrationApp(workspaceID: String, integrationType: String) async throws -> Bool {
        try await database.raw(
            """
            DELETE FROM integration_apps WHERE workspace_id = \(bind: workspaceID) AND integration_type = \(bind: integrationType)
            RETURNING integration_type
            """
        ).first() != nil
    }

    private static let appColumns = "workspace_id, integration_type, client_id, secret_sealed, scopes, created_at, updated_at"

    private func decodeApp(_ row: any SQLRow) async throws -> IntegrationApp {
        let workspaceID = try row.decode(column: "workspace_id", as: String.self)
        let integrationType = try row.decode(column: "integration_type", as: String.self)
        let sealed = try SealedValue(text: try row.decode(column: "secret_sealed", as: String.self))
        let secret = try await keyring.open(sealed, context: .integrationApp(workspaceID: workspaceID, integrationType: integrationType))
        return IntegrationApp(
            workspaceID: workspaceID, integrationType: integrationType, clientID: try row.decode(column: "client_id", as: String.self),
            clientSecret: String(decoding: secret, as: UTF8.self),
            scopes: try row.decode(column: "scopes", as: String?.self).map { try WireJSON.decode([String].self, from: Data($0.utf8)) },
            createdAt: StoreTime.date(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: StoreTime.date(milliseconds: try row.decode(column: "updated_at", as: Int64.self)))
    }
}
