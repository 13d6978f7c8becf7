import ArgumentParser
import Foundation
import LatchkeyStore
import Logging

/// Where the store lives, shared by every command that opens it, each with an environment equivalent.
struct StoreOptions: ParsableArguments {
    @Option(help: "The data directory: the SQLite database and the key file live here. (env: LATCHKEY_DATA_DIR; default: ./.latchkey)")
    var dataDir: String?

    @Option(
        help:
            "A database URL: postgres://user:password@host:port/db, or sqlite:PATH. (env: LATCHKEY_DATABASE_URL; default: SQLite in the data directory)"
    )
    var database: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical. (env: LATCHKEY_LOG_LEVEL; default: info)")
    var logLevel: String?

    @Option(
        help:
            "Seconds one database operation may take, waiting for a PostgreSQL connection included; past it the request is answered 503 store_unavailable."
    )
    var databaseTimeout: Double = Double(DatabaseSettings.defaultOperationTimeout.components.seconds)

    @Option(
        help:
            "How SQLite makes commits durable: full syncs every commit (nothing acknowledged is lost on power loss); normal syncs at checkpoints only, faster, and can lose the last acknowledged writes on power loss."
    )
    var sqliteSynchronous: DatabaseSettings.SQLiteSynchronous = .full

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var resolvedDataDirectory: String { dataDir ?? environment["LATCHKEY_DATA_DIR"] ?? "./.latchkey" }

    func validate() throws {
        guard databaseTimeout > 0 else { throw ValidationError("--database-timeout must be more than 0 seconds") }
    }

    var databaseSettings: DatabaseSettings {
        DatabaseSettings(operationTimeout: .milliseconds(Int64(databaseTimeout * 1000)), sqliteSynchronous: sqliteSynchronous)
    }

    func location() throws -> StoreLocation {
        if let url = database ?? environment["LATCHKEY_DATABASE_URL"], !url.isEmpty {
            guard let location = StoreLocation(databaseURL: url) else {
                throw ValidationError("--database must start with postgres://, postgresql:// or sqlite:")
            }
            return location
        }
        return .sqlite(path: (resolvedDataDirectory as NSString).appendingPathComponent("latchkey.sqlite"))
    }

    /// Sets up logging to standard error at the chosen level and answers the root logger.
    func bootstrapLogging(label: String = "latchkey") throws -> Logger {
        let levelName = logLevel ?? environment["LATCHKEY_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelName.lowercased()) else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }

    /// Opens the store, creating the data directory, the database and the master key file on first use.
    func openStore(connectionCache: ConnectionCacheSettings? = nil, logger: Logger) async throws -> Store {
        let location = try location()
        let masterKey = try MasterKey.load(environment: environment, dataDirectory: resolvedDataDirectory)
        return try await Store.open(location, masterKey: masterKey, connectionCache: connectionCache, database: databaseSettings, logger: logger)
    }

    /// Sets up logging, opens the store, runs `body`, and closes the store whether `body` succeeds or not.
    func withStore<Result>(_ body: (Store) async throws -> Result) async throws -> Result {
        let store = try await openStore(logger: try bootstrapLogging())
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }
}

extension DatabaseSettings.SQLiteSynchronous: ExpressibleByArgument {}
