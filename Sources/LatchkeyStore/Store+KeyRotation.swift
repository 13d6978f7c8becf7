import Foundation
import SQLKit

/// What a key rotation did.
public struct KeyRotationReport: Sendable, Hashable, Codable {
    /// The data key that now seals every connection.
    public var keyID: String
    /// How many rows were sealed again.
    public var resealed: Int
    /// How many passes over the table it took.
    public var passes: Int

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id"
        case resealed
        case passes
    }
}

extension Store {
    /// Adds a new data key and seals every connection again under it, while servers keep serving.
    ///
    /// Rows are re-sealed one at a time with a compare-and-swap on their sealed value, so a concurrent
    /// write is never lost: a row written meanwhile is picked up by the next pass. Servers learn of the
    /// new key within their key refresh interval; the rotation keeps passing over the table until that
    /// interval has gone by and a pass finds nothing left under an older key.
    public func rotateKeys(batchSize: Int = 200) async throws -> KeyRotationReport {
        let keyID = try await keyring.addKey()
        let started = ContinuousClock.now
        let settle = keyring.refreshInterval + .seconds(1)
        var report = KeyRotationReport(keyID: keyID, resealed: 0, passes: 0)
        while true {
            report.passes += 1
            let resealed = try await resealPass(to: keyID, batchSize: batchSize)
            report.resealed += resealed
            let waited = started.duration(to: .now)
            if resealed == 0 && waited >= settle { break }
            if resealed == 0 { try await Task.sleep(for: settle - waited) }
        }
        logger.info("rotated data key", metadata: ["key_id": .string(keyID), "resealed": .stringConvertible(report.resealed)])
        return report
    }

    private func resealPass(to keyID: String, batchSize: Int) async throws -> Int {
        var resealed = 0
        var after = ""
        while true {
            let rows = try await database.raw(
                """
                SELECT id, workspace_id, auth_sealed FROM connections
                WHERE auth_key_id <> \(bind: keyID) AND id > \(bind: after) ORDER BY id LIMIT \(bind: Int64(batchSize))
                """
            ).all()
            guard let last = rows.last else { return resealed }
            after = try last.decode(column: "id", as: String.self)
            for row in rows {
                let id = try row.decode(column: "id", as: String.self)
                let workspaceID = try row.decode(column: "workspace_id", as: String.self)
                let oldText = try row.decode(column: "auth_sealed", as: String.self)
                let context = SealingContext.connectionAuth(workspaceID: workspaceID, connectionID: id)
                let plaintext = try await keyring.open(try SealedValue(text: oldText), context: context)
                let active = try await keyring.key(id: keyID)
                let sealed = try SealedValue.seal(plaintext, keyID: keyID, key: active, context: context)
                let written = try await database.raw(
                    """
                    UPDATE connections SET auth_sealed = \(bind: sealed.text), auth_key_id = \(bind: keyID)
                    WHERE id = \(bind: id) AND auth_sealed = \(bind: oldText) RETURNING id
                    """
                ).first()
                if written != nil { resealed += 1 }
            }
        }
    }

    /// How many connections each data key seals, for `latchkey keys list`.
    public func keyUsage() async throws -> [(keyID: String, createdAt: Date, connections: Int)] {
        try await database.raw(
            """
            SELECT data_keys.id AS id, data_keys.created_at AS created_at, COUNT(connections.id) AS count
            FROM data_keys LEFT JOIN connections ON connections.auth_key_id = data_keys.id
            GROUP BY data_keys.id, data_keys.created_at ORDER BY data_keys.created_at, data_keys.id
            """
        ).all().map { row in
            (
                try row.decode(column: "id", as: String.self),
                StoreTime.date(milliseconds: try row.decode(column: "created_at", as: Int64.self)),
                Int(try row.decode(column: "count", as: Int64.self))
            )
        }
    }
}
