import Logging
import SQLKit

/// Where a store keeps its rows: SQLite in a file, or a PostgreSQL server.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// Reads `--database` / `LATCHKEY_DATABASE_URL`: `postgres://…`, `postgresql://…`, `sqlite://PATH` or `sqlite:PATH`.
    public init?(databaseURL: String) {
        if databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://") {
            self = .postgres(url: databaseURL)
        } else if databaseURL.hasPrefix("sqlite://") {
            self = .sqlite(path: String(databaseURL.dropFirst("sqlite://".count)))
        } else if databaseURL.hasPrefix("sqlite:") {
            self = .sqlite(path: String(databaseURL.dropFirst("sqlite:".count)))
        } else {
            return nil
        }
    }

    /// Names the place without the password of a PostgreSQL URL.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url): return Self.redactingPassword(url)
        }
    }

    private static func redactingPassword(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"), let at = url.range(of: "@", range: schemeEnd.upperBound..<url.endIndex) else { return url }
        let credentials = url[schemeEnd.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at.lowerBound...])
    }
}

/// One SQL engine behind the store. The store speaks SQL that both engines understand; a backend only
/// hands out databases, says how to open a write transaction, and closes its connections.
protocol DatabaseBackend: Sendable {
    /// A database for single statements; consecutive calls may use different connections.
    var database: any SQLDatabase { get }

    /// Runs `body` on one connection inside a transaction that holds the schema lock, for migrations.
    func withSchemaLock<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result

    /// Drops from `cache` every connection written by any process, as the writes are reported; runs until cancelled,
    /// and tells `cache` whether it is following.
    func followConnectionChanges(into cache: OpenedConnectionCache, logger: Logger) async

    /// Closes every connection.
    func shutdown() async
}

extension DatabaseBackend {
    /// Runs `body` between `begin` and `COMMIT` on `database`, rolling back when it throws.
    func inTransaction<Result: Sendable>(
        on database: any SQLDatabase, begin: String, _ body: (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await database.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(database)
            try await database.raw("COMMIT").run()
            return result
        } catch {
            try? await database.raw("ROLLBACK").run()
            throw error
        }
    }
}
