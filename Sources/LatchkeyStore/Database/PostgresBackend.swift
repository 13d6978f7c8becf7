import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's connection pool, shared by every replica of a deployment.
final class PostgresBackend: DatabaseBackend {
    let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger
    let database: any SQLDatabase

    private init(client: PostgresClient, logger: Logger, runTask: Task<Void, Never>, operationTimeout: Duration) {
        self.client = client
        self.logger = logger
        self.runTask = runTask
        self.database = PooledPostgresDatabase(client: client, bound: BoundedOperation(limit: operationTimeout, logger: logger), logger: logger)
    }

    /// Starts the pool's run loop and returns once it is entering `run()`, so the first lease does not race it.
    private static func start(_ client: PostgresClient, operationTimeout: Duration, logger: Logger) async -> PostgresBackend {
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let runTask = Task {
            signal.finish()
            await client.run()
        }
        for await _ in started {}
        return PostgresBackend(client: client, logger: logger, runTask: runTask, operationTimeout: operationTimeout)
    }

    /// Connects to `url` (`postgres://user:password@host:port/database?sslmode=…`).
    static func open(
        url: String, operationTimeout: Duration = DatabaseSettings.defaultOperationTimeout, logger: Logger
    ) async throws -> PostgresBackend {
        let configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw StoreError.invalidConfiguration("the PostgreSQL URL is not valid: \(StoreLocation.postgres(url: url))")
        }
        let core = configuration.coreConfiguration
        var clientConfiguration: PostgresClient.Configuration
        let tls: PostgresClient.Configuration.TLS =
            switch (core.tls.isEnforced, core.tls.isAllowed) {
            case (true, _): .require(core.tls.sslContext!.configuration)
            case (_, true): .prefer(core.tls.sslContext!.configuration)
            default: .disable
            }
        if let host = core.host, let port = core.port {
            clientConfiguration = .init(
                host: host, port: port, username: core.username, password: core.password, database: core.database, tls: tls)
        } else if let socket = core.unixSocketPath {
            clientConfiguration = .init(unixSocketPath: socket, username: core.username, password: core.password, database: core.database)
        } else {
            throw StoreError.invalidConfiguration("the PostgreSQL URL names no host")
        }
        clientConfiguration.options.maximumConnections = 16
        let backend = await start(
            PostgresClient(configuration: clientConfiguration, backgroundLogger: logger), operationTimeout: operationTimeout, logger: logger)
        do {
            try await backend.database.raw("SELECT 1").run()
        } catch {
            await backend.shutdown()
            throw StoreError.unavailable(
                "cannot reach PostgreSQL at \(StoreLocation.postgres(url: url)): \(describe(error) ?? String(describing: type(of: error)))")
        }
        return backend
    }

    func withSchemaLock<Result: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in
            let database = connection.sql(queryLogLevel: nil, logger: self.logger)
            return try await self.inTransaction(on: database, begin: "BEGIN") { database in
                try await database.raw("SELECT pg_advisory_xact_lock(7361734105)").run()
                return try await body(database)
            }
        }
    }

    /// A readable account of a PostgreSQL error: the server's message and SQLSTATE, never query parameters.
    static func describe(_ error: any Error) -> String? {
        guard let error = error as? PSQLError else { return nil }
        guard let message = error.serverInfo?[.message] else { return "PostgreSQL error \(error.code)" }
        return "PostgreSQL: \(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
    }

    /// Stops the pool, waiting at most `grace` for its connections to close.
    func shutdown() async {
        runTask.cancel()
        if await !Store.finishes(runTask, within: .seconds(5)) {
            logger.warning("the PostgreSQL pool did not stop in time; leaving it behind")
        }
    }
}

/// An `SQLDatabase` that runs each statement on a connection borrowed from the pool, within the operation bound, and
/// reports a database that cannot be reached as `StoreError.unavailable`.
private struct PooledPostgresDatabase: SQLDatabase {
    let client: PostgresClient
    let bound: BoundedOperation
    let logger: Logger

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { PostgresDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        promise.completeWithTask { try await self.execute(sql: query, onRow) }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let query = SendableExpression(expression: query)
        try await session(retryingClosedConnections: true) { database in try await database.execute(sql: query.expression, onRow) }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await session(retryingClosedConnections: false, closure)
    }

    /// Runs `closure` on a pooled connection within the bound. A single statement (`retryingClosedConnections`) whose
    /// lent connection turns out closed before anything was sent goes on another one: the pool learns of a closed
    /// connection a moment after it closes, and a statement should not fail for that while the server is there.
    private func session<R>(
        retryingClosedConnections retrying: Bool, _ closure: @escaping @Sendable (any SQLDatabase) async throws -> R
    ) async throws -> R {
        let result = try await bound.run { [client, logger] lease in
            var attempt = 0
            while true {
                attempt += 1
                do {
                    return SessionResult(
                        value: try await client.withConnection { connection in
                            lease.hold(connection)
                            defer { lease.hold(nil) }
                            return try await closure(OpenConnectionDatabase(connection: connection, logger: logger).sql(queryLogLevel: nil))
                        })
                } catch is ClosedBeforeStatement {
                    guard retrying, attempt < 5 else { throw StoreError.unavailable("PostgreSQL connections keep closing") }
                    try await Task.sleep(for: .milliseconds(20 * attempt))
                } catch let error as PSQLError where Self.isUnreachable(error) {
                    throw StoreError.unavailable(PostgresBackend.describe(error) ?? "PostgreSQL cannot be reached")
                }
            }
        }
        return result.value
    }

    /// Whether `error` says the server cannot be reached or is going away, rather than that a statement failed.
    static func isUnreachable(_ error: PSQLError) -> Bool {
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return true
        default:
            guard let state = error.serverInfo?[.sqlState] else { return false }
            return state.hasPrefix("08") || state.hasPrefix("57P")
        }
    }
}

/// A statement or a session's result, carried out of the bounded task that made it; each is used by one task at a time.
private struct SendableExpression: @unchecked Sendable {
    let expression: any SQLExpression
}

private struct SessionResult<Value>: @unchecked Sendable {
    let value: Value
}
