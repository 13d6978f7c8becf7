import Crypto
import Foundation
import SQLKit

extension Store {
    /// Makes a workspace with a new API key. Only the key's hash is stored; the key itself is answered once.
    public func createWorkspace(name: String, now: Date = Date()) async throws -> CreatedWorkspace {
        try await createWorkspace(name: name, now: now, on: database)
    }

    /// Makes the workspace `default` if the store has none, atomically across replicas starting together;
    /// answers it, with its key, only when this call made it.
    public func createDefaultWorkspaceIfNone(now: Date = Date()) async throws -> CreatedWorkspace? {
        try await backend.withSchemaLock { database in
            let count = try await database.raw("SELECT COUNT(*) AS count FROM workspaces").first(decodingColumn: "count", as: Int64.self)
            guard count == 0 else { return nil }
            return try await self.createWorkspace(name: "default", now: now, on: database)
        }
    }

    private func createWorkspace(name: String, now: Date, on database: any SQLDatabase) async throws -> CreatedWorkspace {
        let id = RandomToken.recordID(now: now)
        let apiKey = "lk_" + RandomToken.base64URL(bytes: 32)
        let createdAt = StoreTime.milliseconds(now)
        try await database.raw("INSERT INTO workspaces (id, name, created_at) VALUES (\(bind: id), \(bind: name), \(bind: createdAt))").run()
        try await database.raw(
            "INSERT INTO api_keys (key_hash, workspace_id, created_at) VALUES (\(bind: Self.hash(apiKey: apiKey)), \(bind: id), \(bind: createdAt))"
        ).run()
        return CreatedWorkspace(id: id, name: name, apiKey: apiKey)
    }

    /// The workspace an API key belongs to, or `nil` for a key that is not known.
    public func workspaceID(forAPIKey apiKey: String) async throws -> String? {
        try await workspaceID(forKeyHash: Self.hash(apiKey: apiKey))
    }

    /// The workspace of the API key whose `hash(apiKey:)` is `keyHash`, or `nil`.
    public func workspaceID(forKeyHash keyHash: String) async throws -> String? {
        try await database.raw("SELECT workspace_id FROM api_keys WHERE key_hash = \(bind: keyHash)")
            .first(decodingColumn: "workspace_id", as: String.self)
    }

    /// Every workspace, oldest first.
    public func workspaces() async throws -> [Workspace] {
        try await database.raw("SELECT id, name, created_at FROM workspaces ORDER BY created_at, id").all().map(Self.decodeWorkspace)
    }

    /// The workspace `id`, or `nil`.
    public func workspace(id: String) async throws -> Workspace? {
        try await database.raw("SELECT id, name, created_at FROM workspaces WHERE id = \(bind: id)").first().map(Self.decodeWorkspace)
    }

    private static func decodeWorkspace(_ row: any SQLRow) throws -> Workspace {
        Workspace(
            id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
            createdAt: StoreTime.date(milliseconds: try row.decode(column: "created_at", as: Int64.self)))
    }

    /// API keys are 256 random bits, so a plain SHA-256 is enough to make the stored hash useless to a thief.
    public static func hash(apiKey: String) -> String {
        digest(apiKey)
    }

    /// The SHA-256 of a random secret, as hex: what the store keeps instead of API keys and flow states.
    static func digest(_ secret: String) -> String {
        var secret = secret
        let digest = secret.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        return digest.withUnsafeBytes { Hex.encode($0) }
    }
}
