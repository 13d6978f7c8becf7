import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// SQLite in one file, in WAL mode, through a few connections used in turn.
///
/// SQLite allows one writer at a time; every connection waits for the lock instead of failing, so
/// concurrent writers queue while readers go on reading the last committed state.
final class SQLiteBackend: DatabaseBackend {
    private let connections: [SQLiteConnection]
    private let databases: [any SQLDatabase]
    private let path: String
    private let synchronous: DatabaseSettings.SQLiteSynchronous
    private let logger: Logger
    private let nextIndex = Mutex(0)

    private init(path: String, connections: [SQLiteConnection], synchronous: DatabaseSettings.SQLiteSynchronous, logger: Logger) {
        self.path = path
        self.synchronous = synchronous
        self.connections = connections
        self.databases = connections.map { BusyRetryingDatabase(base: $0.sql(encoder: .init(), decoder: .init(), queryLogLevel: nil)) }
        self.logger = logger
    }

    /// Opens the database at `path`, creating it, and its folder, readable by this user only.
    static func open(
        path: String, connectionCount: Int = 4, synchronous: DatabaseSettings.SQLiteSynchronous = .full, logger: Logger
    ) async throws -> SQLiteBackend {
        try createPrivately(path: path)
        var connections: [SQLiteConnection] = []
        for _ in 0..<max(1, connectionCount) {
            connections.append(try await openConnection(path: path, synchronous: synchronous, logger: logger))
        }
        return SQLiteBackend(path: path, connections: connections, synchronous: synchronous, logger: logger)
    }

    private static func createPrivately(path: String) throws {
        let files = FileManager.default
        guard !files.fileExists(atPath: path) else { return }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        guard files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.invalidConfiguration("cannot create the SQLite database \(path)")
        }
    }

    /// A connection in WAL mode, syncing commits as `synchronous` says (`FULL` unless asked: durable on power loss).
    private static func openConnection(
        path: String, synchronous: DatabaseSettings.SQLiteSynchronous, logger: Logger
    ) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let pragmas = [
            "PRAGMA journal_mode = WAL", "PRAGMA synchronous = \(synchronous.rawValue.uppercased())", "PRAGMA foreign_keys = ON",
            "PRAGMA case_sensitive_like = ON",
        ]
        for pragma in pragmas {
            _ = try await connection.query(pragma)
        }
        return connection
    }

    var database: any SQLDatabase {
        let index = nextIndex.withLock { value in
            value = (value + 1) % databases.count
            return value
        }
        return databases[index]
    }

    /// Holds SQLite's write lock (`BEGIN IMMEDIATE`) for `body`. Within this process such transactions on one file
    /// take turns first: connections waiting for SQLite's lock spin on the shared thread pool, and enough of them
    /// would leave no thread for the holder to finish on.
    func withSchemaLock<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await AsyncLock.named(path).withLock {
            let connection = try await Self.openConnection(path: self.path, synchronous: self.synchronous, logger: self.logger)
            let database = connection.sql(encoder: .init(), decoder: .init(), queryLogLevel: nil)
            do {
                let result = try await self.inTransaction(on: database, begin: "BEGIN IMMEDIATE", body)
                try? await connection.close()
                return result
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }

    func shutdown() async {
        for connection in connections {
            try? await connection.close()
        }
    }
}
