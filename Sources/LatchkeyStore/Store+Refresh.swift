import Foundation
import LatchkeyModel
import SQLKit

extension Store {
    /// The connection with its version and lease.
    public func connectionRecord(id: String, workspaceID: String) async throws -> ConnectionRecord? {
        try await versionedConnection(id: id, workspaceID: workspaceID).map(\.record)
    }

    /// The connection `id` in whichever workspace holds it, for operators' tools such as `latchkey token`.
    public func connectionRecord(id: String) async throws -> ConnectionRecord? {
        guard let row = try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM connections WHERE id = \(bind: id)").first() else {
            return nil
        }
        return try await decodeConnection(row).record
    }

    /// Claims the right to refresh a connection until `until`, if nobody (this owner included) holds an unexpired
    /// claim; answers the version the refresh must commit against, or `nil` when the lease is held.
    public func acquireRefreshLease(id: String, workspaceID: String, owner: String, until: Date, now: Date) async throws -> Int64? {
        try await database.raw(
            """
            UPDATE connections SET lease_owner = \(bind: owner), lease_until = \(bind: StoreTime.milliseconds(until))
            WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceID)
                AND (lease_until IS NULL OR lease_until < \(bind: StoreTime.milliseconds(now)))
            RETURNING version
            """
        ).first(decodingColumn: "version", as: Int64.self)
    }

    /// Stores a refreshed auth if the connection is still at `version`, releasing the lease and marking it healthy.
    /// Answers `false` when someone wrote a newer version meanwhile: the caller must discard its result and re-read.
    public func commitRefresh(id: String, workspaceID: String, version: Int64, auth: ConnectionAuth, now: Date) async throws -> Bool {
        let sealed = try await seal(auth, workspaceID: workspaceID, connectionID: id)
        let at = StoreTime.milliseconds(now)
        defer { written(connectionID: id) }
        return try await database.raw(
            """
            UPDATE connections SET auth_sealed = \(bind: sealed.text), auth_key_id = \(bind: sealed.keyID), version = version + 1,
                lease_owner = NULL, lease_until = NULL, updated_at = \(bind: at), last_healthy_at = \(bind: at),
                last_unhealthy_at = NULL, last_unhealthy_code = NULL,
                expires_at = \(bind: auth.expiryDate.map(StoreTime.milliseconds)),
                refresh_expires_at = \(bind: auth.refreshTokenExpiresDate.map(StoreTime.milliseconds))
            WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceID) AND version = \(bind: version)
            RETURNING version
            """
        ).first() != nil
    }

    /// Marks a connection unhealthy with `code` if it is still at `version`, releasing the lease. A connection whose
    /// version moved was refreshed by someone else meanwhile and is left alone; answers whether it was marked.
    public func markUnhealthy(id: String, workspaceID: String, version: Int64, code: String, now: Date) async throws -> Bool {
        let at = StoreTime.milliseconds(now)
        defer { written(connectionID: id) }
        return try await database.raw(
            """
            UPDATE connections SET last_unhealthy_at = \(bind: at), last_unhealthy_code = \(bind: code), version = version + 1,
                lease_owner = NULL, lease_until = NULL, updated_at = \(bind: at)
            WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceID) AND version = \(bind: version)
            RETURNING version
            """
        ).first() != nil
    }

    /// Gives up a lease without writing, after a transient failure.
    public func releaseRefreshLease(id: String, workspaceID: String, owner: String) async throws {
        try await database.raw(
            """
            UPDATE connections SET lease_owner = NULL, lease_until = NULL
            WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceID) AND lease_owner = \(bind: owner)
            """
        ).run()
    }

    /// Healthy connections whose access token expires, or whose refresh token lapses, before `before`.
    public func connectionsDueForRefresh(before: Date, limit: Int = 200) async throws -> [(id: String, workspaceID: String)] {
        let at = StoreTime.milliseconds(before)
        return try await database.raw(
            """
            SELECT id, workspace_id FROM connections
            WHERE last_unhealthy_code IS NULL AND is_paused = \(bind: false) AND (expires_at < \(bind: at) OR refresh_expires_at < \(bind: at))
            ORDER BY expires_at LIMIT \(bind: Int64(limit))
            """
        ).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "workspace_id", as: String.self)) }
    }
}

extension Store {
    /// Healthy connections of `integrationType` that hold a refresh token and were last refreshed (or created)
    /// before `before`: the ones a provider that expires unused refresh tokens would drop.
    public func connectionsIdle(integrationType: String, since before: Date, limit: Int = 200) async throws -> [(id: String, workspaceID: String)] {
        let at = StoreTime.milliseconds(before)
        return try await database.raw(
            """
            SELECT id, workspace_id FROM connections
            WHERE integration_type = \(bind: integrationType) AND last_unhealthy_code IS NULL AND is_paused = \(bind: false)
                AND COALESCE(last_healthy_at, created_at) < \(bind: at)
            ORDER BY COALESCE(last_healthy_at, created_at) LIMIT \(bind: Int64(limit))
            """
        ).all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "workspace_id", as: String.self)) }
    }
}

extension Store.VersionedConnection {
    var record: ConnectionRecord { ConnectionRecord(connection: connection, version: version, lease: lease) }
}
