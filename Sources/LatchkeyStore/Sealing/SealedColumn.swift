import SQLKit

/// A column of sealed values, with what identifies each row and what each value is sealed to; key rotation
/// walks every one of them.
struct SealedColumn: Sendable {
    let table: String
    let keyColumns: [String]
    let sealedColumn: String
    let keyIDColumn: String
    let context: @Sendable ([String]) -> SealingContext

    static let all: [SealedColumn] = [
        SealedColumn(
            table: "connections", keyColumns: ["workspace_id", "id"], sealedColumn: "auth_sealed", keyIDColumn: "auth_key_id",
            context: { .connectionAuth(workspaceID: $0[0], connectionID: $0[1]) }),
        SealedColumn(
            table: "integration_apps", keyColumns: ["workspace_id", "integration_type"], sealedColumn: "secret_sealed",
            keyIDColumn: "secret_key_id", context: { .integrationApp(workspaceID: $0[0], integrationType: $0[1]) }),
        SealedColumn(
            table: "authorization_flows", keyColumns: ["state_hash"], sealedColumn: "flow_sealed", keyIDColumn: "flow_key_id",
            context: { .authorizationFlow(stateHash: $0[0]) }),
    ]

    /// Up to `limit` rows not sealed under `keyID`: their key values and sealed text.
    func rowsNotSealed(under keyID: String, limit: Int, on database: any SQLDatabase) async throws -> [(keys: [String], sealed: String)] {
        let columns = (keyColumns + [sealedColumn]).joined(separator: ", ")
        return try await database.raw(
            """
            SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table) WHERE \(unsafeRaw: keyIDColumn) <> \(bind: keyID)
            LIMIT \(bind: Int64(limit))
            """
        ).all().map { row in
            (try keyColumns.map { try row.decode(column: $0, as: String.self) }, try row.decode(column: sealedColumn, as: String.self))
        }
    }

    /// Replaces `old` with `new` on the row `keys` if nobody changed it meanwhile; answers whether it did.
    func replace(_ old: String, with new: SealedValue, keys: [String], on database: any SQLDatabase) async throws -> Bool {
        var sql = SQLQueryString(
            "UPDATE \(unsafeRaw: table) SET \(unsafeRaw: sealedColumn) = \(bind: new.text), \(unsafeRaw: keyIDColumn) = \(bind: new.keyID) WHERE "
        )
        for (column, value) in zip(keyColumns, keys) {
            sql.appendInterpolation(unsafeRaw: "\(column) = ")
            sql.appendInterpolation(bind: value)
            sql.appendInterpolation(unsafeRaw: " AND ")
        }
        sql.appendInterpolation(unsafeRaw: "\(sealedColumn) = ")
        sql.appendInterpolation(bind: old)
        sql.appendInterpolation(unsafeRaw: " RETURNING \(keyIDColumn)")
        return try await database.raw(sql).first() != nil
    }
}
