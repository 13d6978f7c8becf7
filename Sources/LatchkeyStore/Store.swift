import Foundation
import Logging
import SQLKit

/// Workspaces and their connections, kept in SQLite or PostgreSQL with every secret sealed.
///
/// ```swift
/// let store = try await Store.open(.sqlite(path: "latchkey.sqlite"), masterKey: key, logger: logger)
/// defer { Task { await store.close() } }
/// let created = try await store.createWorkspace(name: "Acme")
/// ```
public final class Store: Sendable {
    let backend: any DatabaseBackend
    let keyring: Keyring
    public let logger: Logger
    public let location: StoreLocation
    let openedConnections: OpenedConnectionCache?
    private let changeFeed: Task<Void, Never>?

    private init(
        backend: any DatabaseBackend, keyring: Keyring, location: StoreLocation, connectionCache: ConnectionCacheSettings?, logger: Logger
    ) {
        self.backend = backend
        self.keyring = keyring
        self.location = location
        self.logger = logger
        if let connectionCache, connectionCache.capacity > 0 {
            let cache = OpenedConnectionCache(settings: connectionCache)
            self.openedConnections = cache
            self.changeFeed = Task { await backend.followConnectionChanges(into: cache, logger: logger) }
        } else {
            self.openedConnections = nil
            self.changeFeed = nil
        }
    }

    /// Opens the store at `location`, applies pending migrations, and makes the first data key if there is none.
    /// With `connectionCache`, recent reads of connections are kept in memory (see ``recentConnectionRecord(id:workspaceID:)``).
    public static func open(
        _ location: StoreLocation, masterKey: MasterKey, keyRefreshInterval: Duration = .seconds(5),
        connectionCache: ConnectionCacheSettings? = nil, database settings: DatabaseSettings = DatabaseSettings(), logger: Logger
    ) async throws -> Store {
        let backend: any DatabaseBackend =
            switch location {
            case .sqlite(let path): try await SQLiteBackend.open(path: path, synchronous: settings.sqliteSynchronous, logger: logger)
            case .postgres(let url): try await PostgresBackend.open(url: url, operationTimeout: settings.operationTimeout, logger: logger)
            }
        do {
            let applied = try await Migrations.run(on: backend)
            if !applied.isEmpty {
                logger.info("applied schema migrations", metadata: ["versions": .string(applied.map(String.init).joined(separator: ","))])
            }
            let keyring = Keyring(masterKey: masterKey, refreshInterval: keyRefreshInterval) { backend.database }
            try await backend.withSchemaLock { database in
                try await keyring.reload(from: database)
                let count = try await database.raw("SELECT COUNT(*) AS count FROM data_keys").first(decodingColumn: "count", as: Int64.self)
                if count == 0 {
                    try await keyring.addKey(on: database)
                }
            }
            try await keyring.reload()
            return Store(backend: backend, keyring: keyring, location: location, connectionCache: connectionCache, logger: logger)
        } catch {
            await backend.shutdown()
            if let described = PostgresBackend.describe(error) { throw StoreError.unavailable(described) }
            throw error
        }
    }

    /// Stops following connection changes and closes every database connection. The change feed is given
    /// `feedGrace` to stop: a listening database connection lost at the wrong moment can leave it waiting on a
    /// reply that never comes, and the database connections are closed after it either way.
    public func close(feedGrace: Duration = .seconds(5)) async {
        if let changeFeed {
            changeFeed.cancel()
            if await !Self.finishes(changeFeed, within: feedGrace) {
                logger.warning("the connection change feed did not stop in time; closing the database connections under it")
            }
        }
        await backend.shutdown()
    }

    /// Whether `task` finishes within `grace`.
    static func finishes(_ task: Task<Void, Never>, within grace: Duration) async -> Bool {
        await task.result(within: grace) != nil
    }

    var database: any SQLDatabase { backend.database }
}
