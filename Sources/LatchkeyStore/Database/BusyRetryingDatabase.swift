import Logging
import NIOCore
import SQLKit
import SQLiteNIO

/// An SQLite database whose statements are run again when SQLite reports the database busy where its busy handler
/// does not wait: in WAL mode a statement that reads, then writes, fails at once if another connection committed
/// in between (`SQLITE_BUSY_SNAPSHOT`). Such a statement wrote nothing, so running it again is safe.
struct BusyRetryingDatabase: SQLDatabase {
    let base: any SQLDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        let query = UncheckedExpression(expression: query)
        promise.completeWithTask { try await self.execute(sql: query.expression, onRow) }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        var attempt = 0
        while true {
            do {
                return try await base.execute(sql: query, onRow)
            } catch let error as SQLiteError where Self.isBusy(error) && attempt < 200 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(min(attempt, 10)))
            }
        }
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await base.withSession(closure)
    }

    private static func isBusy(_ error: SQLiteError) -> Bool {
        switch error.reason {
        case .busy, .busyInSnapshot, .busyInRecovery, .busyTimeout, .locked: true
        default: false
        }
    }
}

/// A statement carried into the task that runs it; it is used by that task alone.
private struct UncheckedExpression: @unchecked Sendable {
    let expression: any SQLExpression
}
