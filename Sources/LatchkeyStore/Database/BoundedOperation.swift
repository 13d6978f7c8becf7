import Logging
import PostgresNIO
import Synchronization

/// Runs one database operation with a bound on how long its caller waits, even for an operation that ignores
/// cancellation (a PostgreSQL query whose connection went away unseen): past the bound the caller gets
/// `StoreError.unavailable`, the operation is cancelled, and the connection it holds is closed, which fails it.
struct BoundedOperation: Sendable {
    let limit: Duration
    let logger: Logger

    /// The connection an operation holds, for closing it when the operation runs out of time.
    final class Lease: Sendable {
        private let held = Mutex<PostgresConnection?>(nil)

        func hold(_ connection: PostgresConnection?) { held.withLock { $0 = connection } }

        fileprivate func close() {
            guard let connection = held.withLock({ $0 }) else { return }
            connection.close().whenComplete { _ in }
        }
    }

    func run<T: Sendable>(_ operation: @escaping @Sendable (Lease) async throws -> T) async throws -> T {
        let lease = Lease()
        let work = Task { try await operation(lease) }
        if let outcome = await work.result(within: limit) { return try outcome.get() }
        work.cancel()
        try Task.checkCancellation()
        logger.warning("a database operation ran out of time; closing its connection", metadata: ["limit": "\(limit)"])
        lease.close()
        throw StoreError.unavailable("the database did not answer within \(limit)")
    }
}
