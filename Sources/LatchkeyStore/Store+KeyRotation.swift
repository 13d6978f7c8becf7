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
    /// Adds a new data key and seals every connection's auth and every app secret again under it, while servers
    /// keep serving.
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

    /// Seals again, under `keyID`, every value of every sealed column that is under another key.
    private func resealPass(to keyID: String, batchSize: Int) async throws -> Int {
        var resealed = 0
        let key = try await keyring.key(id: keyID)
        for column in SealedColumn.all {
            while true {
                let rows = try await column.rowsNotSealed(under: keyID, limit: batchSize, on: database)
                if rows.isEmpty { break }
                for row in rows {
                    let context = column.context(row.keys)
                    let plaintext = try await keyring.open(try SealedValue(text: row.sealed), context: context)
                    let sealed = try SealedValue.seal(plaintext, keyID: keyID, key: key, context: context)
                    if try await column.replace(row.sealed, with: sealed, keys: row.keys, on: database) { resealed += 1 }
                }
            }
        }
        return resealed
    }

    /// How many sealed values (connection auths and app secrets) each data key seals, for `latchkey keys list`.
    public func keyUsage() async throws -> [(keyID: String, createdAt: Date, sealedValues: Int)] {
        try await database.raw(
            """
            SELECT data_keys.id AS id, data_keys.created_at AS created_at, COUNT(sealed.key_id) AS count
            FROM data_keys LEFT JOIN (
                SELECT auth_key_id AS key_id FROM connections UNION ALL SELECT secret_key_id AS key_id FROM integration_apps
                UNION ALL SELECT flow_key_id AS key_id FROM authorization_flows
            ) sealed ON sealed.key_id = data_keys.id
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
