import Foundation
import LatchkeyModel
import SQLKit

extension Store {
    /// Stores a new connection made from `draft`, its auth sealed to the new row.
    public func insertConnection(workspaceID: String, draft: ConnectionDraft, now: Date = Date()) async throws -> Connection {
        let connection = Connection(id: RandomToken.recordID(now: now), workspaceID: workspaceID, draft: draft, now: now)
        let sealed = try await seal(connection.auth, workspaceID: workspaceID, connectionID: connection.id)
        try await database.raw(
            """
            INSERT INTO connections (id, workspace_id, integration_type, integration_name, categories, permissions, environment,
                external_xref, is_paused, auth_sealed, auth_key_id, created_at, updated_at, version, expires_at, refresh_expires_at)
            VALUES (\(bind: connection.id), \(bind: workspaceID), \(bind: connection.integrationType), \(bind: connection.integrationName),
                \(bind: try Self.jsonText(connection.categories)), \(bind: try Self.jsonText(connection.permissions)),
                \(bind: connection.environment), \(bind: connection.externalXref), \(bind: connection.isPaused), \(bind: sealed.text),
                \(bind: sealed.keyID), \(bind: StoreTime.milliseconds(connection.createdAt)), \(bind: StoreTime.milliseconds(connection.updatedAt)), 1,
                \(bind: connection.auth?.expiryDate.map(StoreTime.milliseconds)),
                \(bind: connection.auth?.refreshTokenExpiresDate.map(StoreTime.milliseconds)))
            """
        ).run()
        return connection
    }

    /// The connection `id` if it belongs to `workspaceID`; another workspace's connection is `nil`, like a missing one.
    public func connection(id: String, workspaceID: String) async throws -> Connection? {
        try await versionedConnection(id: id, workspaceID: workspaceID)?.connection
    }

    /// A page of a workspace's connections.
    public func connections(workspaceID: String, query: ConnectionListQuery) async throws -> [Connection] {
        var sql = SQLQueryString("SELECT \(unsafeRaw: Self.columns) FROM connections WHERE workspace_id = \(bind: workspaceID)")
        if let updatedGTE = query.updatedGTE {
            sql.appendInterpolation(unsafeRaw: " AND updated_at >= ")
            sql.appendInterpolation(bind: StoreTime.milliseconds(updatedGTE))
        }
        if let externalXref = query.externalXref {
            sql.appendInterpolation(unsafeRaw: " AND external_xref = ")
            sql.appendInterpolation(bind: externalXref)
        }
        if let environment = query.environment {
            sql.appendInterpolation(unsafeRaw: " AND environment = ")
            sql.appendInterpolation(bind: environment)
        }
        for (index, category) in query.categories.enumerated() {
            sql.appendInterpolation(unsafeRaw: index == 0 ? " AND (" : " OR ")
            sql.appendInterpolation(unsafeRaw: "categories LIKE ")
            sql.appendInterpolation(bind: "%" + Self.likeEscaped(try Self.jsonText(category)) + "%")
            sql.appendInterpolation(unsafeRaw: " ESCAPE '\\'")
        }
        if !query.categories.isEmpty { sql.appendInterpolation(unsafeRaw: ")") }
        let direction = query.order == .ascending ? "ASC" : "DESC"
        let sortColumn =
            switch query.sort {
            case .name: "LOWER(COALESCE(integration_name, integration_type))"
            case .createdAt: "created_at"
            case .updatedAt: "updated_at"
            }
        sql.appendInterpolation(unsafeRaw: " ORDER BY \(sortColumn) \(direction), id \(direction) LIMIT ")
        sql.appendInterpolation(bind: Int64(query.limit))
        sql.appendInterpolation(unsafeRaw: " OFFSET ")
        sql.appendInterpolation(bind: Int64(query.offset))
        var connections: [Connection] = []
        for row in try await database.raw(sql).all() {
            connections.append(try await decodeConnection(row).connection)
        }
        return connections
    }

    /// Changes a connection atomically: `change` gets the current value and answers the new one, which is written
    /// only if nobody wrote the row in between (compare-and-swap on its version); otherwise `change` runs again on
    /// the newer value. Answers `nil` when the connection does not exist in `workspaceID`.
    public func updateConnection(
        id: String, workspaceID: String, now: @Sendable () -> Date = { Date() },
        _ change: (Connection) throws -> Connection
    ) async throws -> Connection? {
        while true {
            guard let current = try await versionedConnection(id: id, workspaceID: workspaceID) else { return nil }
            var next = try change(current.connection)
            next.id = id
            next.workspaceID = workspaceID
            next.updatedAt = max(WireDate.truncated(now()), current.connection.updatedAt)
            let sealed = try await seal(next.auth, workspaceID: workspaceID, connectionID: id)
            let written = try await database.raw(
                """
                UPDATE connections SET integration_type = \(bind: next.integrationType), integration_name = \(bind: next.integrationName),
                    categories = \(bind: try Self.jsonText(next.categories)), permissions = \(bind: try Self.jsonText(next.permissions)),
                    environment = \(bind: next.environment), external_xref = \(bind: next.externalXref), is_paused = \(bind: next.isPaused),
                    auth_sealed = \(bind: sealed.text), auth_key_id = \(bind: sealed.keyID),
                    updated_at = \(bind: StoreTime.milliseconds(next.updatedAt)),
                    last_healthy_at = \(bind: next.lastHealthyAt.map(StoreTime.milliseconds)),
                    last_unhealthy_at = \(bind: next.lastUnhealthyAt.map(StoreTime.milliseconds)),
                    last_unhealthy_code = \(bind: next.lastUnhealthyCode), version = version + 1,
                    expires_at = \(bind: next.auth?.expiryDate.map(StoreTime.milliseconds)),
                    refresh_expires_at = \(bind: next.auth?.refreshTokenExpiresDate.map(StoreTime.milliseconds))
                WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceID) AND version = \(bind: current.version)
                RETURNING version
                """
            ).first()
            if written != nil {
                self.written(connectionID: id)
                return next
            }
            await Task.yield()
        }
    }

    /// Deletes a connection; answers whether it existed in `workspaceID`.
    public func deleteConnection(id: String, workspaceID: String) async throws -> Bool {
        let deleted =
            try await database.raw("DELETE FROM connections WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceID) RETURNING id").first()
            != nil
        written(connectionID: id)
        return deleted
    }

    /// How many connections a workspace has, or all workspaces together when `workspaceID` is `nil`.
    public func connectionCount(workspaceID: String? = nil) async throws -> Int {
        let sql: SQLQueryString =
            if let workspaceID { "SELECT COUNT(*) AS count FROM connections WHERE workspace_id = \(bind: workspaceID)" } else {
                "SELECT COUNT(*) AS count FROM connections"
            }
        return Int(try await database.raw(sql).first(decodingColumn: "count", as: Int64.self) ?? 0)
    }

    // MARK: Rows

    struct VersionedConnection: Sendable {
        let connection: Connection
        let version: Int64
        let lease: RefreshLease?
    }

    static let columns = """
        id, workspace_id, integration_type, integration_name, categories, permissions, environment, external_xref, is_paused, \
        auth_sealed, created_at, updated_at, last_healthy_at, last_unhealthy_at, last_unhealthy_code, version, lease_owner, lease_until
        """

    func versionedConnection(id: String, workspaceID: String) async throws -> VersionedConnection? {
        guard
            let row = try await database.raw(
                "SELECT \(unsafeRaw: Self.columns) FROM connections WHERE id = \(bind: id) AND workspace_id = \(bind: workspaceID)"
            ).first()
        else { return nil }
        return try await decodeConnection(row)
    }

    func decodeConnection(_ row: any SQLRow) async throws -> VersionedConnection {
        let id = try row.decode(column: "id", as: String.self)
        let workspaceID = try row.decode(column: "workspace_id", as: String.self)
        let sealed = try SealedValue(text: try row.decode(column: "auth_sealed", as: String.self))
        let authJSON = try await keyring.open(sealed, context: .connectionAuth(workspaceID: workspaceID, connectionID: id))
        let draft = ConnectionDraft(
            integrationType: try row.decode(column: "integration_type", as: String.self),
            integrationName: try row.decode(column: "integration_name", as: String?.self),
            categories: try Self.readTexts(row, column: "categories").map { ConnectionCategory(rawValue: $0) },
            permissions: try Self.readTexts(row, column: "permissions").map { Permission(rawValue: $0) },
            auth: try Self.readAuth(authJSON, connectionID: id),
            environment: try row.decode(column: "environment", as: String.self),
            externalXref: try row.decode(column: "external_xref", as: String?.self))
        var connection = Connection(
            id: id, workspaceID: workspaceID, draft: draft,
            now: StoreTime.date(milliseconds: try row.decode(column: "created_at", as: Int64.self)))
        connection.isPaused = try row.decode(column: "is_paused", as: Bool.self)
        connection.updatedAt = StoreTime.date(milliseconds: try row.decode(column: "updated_at", as: Int64.self))
        connection.lastHealthyAt = try row.decode(column: "last_healthy_at", as: Int64?.self).map(StoreTime.date(milliseconds:))
        connection.lastUnhealthyAt = try row.decode(column: "last_unhealthy_at", as: Int64?.self).map(StoreTime.date(milliseconds:))
        connection.lastUnhealthyCode = try row.decode(column: "last_unhealthy_code", as: String?.self)
        let leaseUntil = try row.decode(column: "lease_until", as: Int64?.self) ?? 0
        let lease = try row.decode(column: "lease_owner", as: String?.self).map {
            RefreshLease(owner: $0, until: StoreTime.date(milliseconds: leaseUntil))
        }
        return VersionedConnection(connection: connection, version: try row.decode(column: "version", as: Int64.self), lease: lease)
    }

    func seal(_ auth: ConnectionAuth?, workspaceID: String, connectionID: String) async throws -> SealedValue {
        try await keyring.seal(WireJSON.encode(auth), context: .connectionAuth(workspaceID: workspaceID, connectionID: connectionID))
    }

    /// The auth sealed in a row, read with `JSONReader`: opening connections is the hot path of every read.
    private static func readAuth(_ json: Data, connectionID: String) throws -> ConnectionAuth? {
        do {
            switch try JSONReader.value(from: json) {
            case .null: return nil
            case .object(let members): return try ConnectionAuth(wireObject: members)
            default: throw StoreError.corrupted("the auth of connection \(connectionID) is not a JSON object")
            }
        } catch let error as JSONReader.Failure {
            throw StoreError.corrupted("the auth of connection \(connectionID) is not valid JSON: \(error)")
        } catch is DecodingError {
            throw StoreError.corrupted("the auth of connection \(connectionID) has a field of the wrong type")
        }
    }

    /// A JSON array of strings stored in `column`.
    private static func readTexts(_ row: any SQLRow, column: String) throws -> [String] {
        let text = try row.decode(column: column, as: String.self)
        guard case .array(let elements) = try? JSONReader.value(from: text.utf8) else {
            throw StoreError.corrupted("the \(column) column does not hold a JSON array")
        }
        return try elements.map {
            guard let text = $0.stringValue else { throw StoreError.corrupted("the \(column) column holds a value that is not a string") }
            return text
        }
    }

    private static func jsonText(_ value: some Encodable) throws -> String {
        String(decoding: try WireJSON.encode(value), as: UTF8.self)
    }

    private static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
