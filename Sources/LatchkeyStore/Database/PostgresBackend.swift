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

    private init(client: PostgresClient, logger: Logger, runTask: Task<Void, Never>) {
        self.client = client
        self.logger = logger
        self.runTask = runTask
        self.database = PooledPostgresDatabase(client: client, logger: logger)
    }

    /// Starts the pool's run loop and returns once it is entering `run()`, so the first lease does not race it.
    private static func start(_ client: PostgresClient, logger: Logger) async -> PostgresBackend {
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let runTask = Task {
            signal.finish()
            await client.run()
        }
        for await _ in started {}
        return PostgresBackend(client: client, logger: logger, runTask: runTask)
    }

    /// Connects to `url` (`postgres://user:password@host:port/database?sslmode=…`).
    static func open(url: String, logger: Logger) async throws -> PostgresBackend {
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
        let backend = await start(PostgresClient(configuration: clientConfiguration, backgroundLogger: logger), logger: logger)
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

    func shutdown() async {
        runTask.cancel()
        _ = await runTask.value
    }
}

/// An `SQLDatabase` that runs each statement on a connection borrowed from the pool.
private struct PooledPostgresDatabase: SQLDatabase {
    let client: PostgresClient
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
        try await client.withConnection { connection in
            try await connection.sql(queryLogLevel: nil, logger: logger).execute(sql: query, onRow)
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { connection in
            try await closure(connection.sql(queryLogLevel: nil, logger: logger))
        }
    }
}
