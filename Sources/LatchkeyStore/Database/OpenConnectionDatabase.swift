import Logging
import PostgresNIO

/// A pooled PostgreSQL connection that starts each statement on the connection's event loop, and only while the
/// connection is open.
///
/// PostgresNIO writes a query to its channel without a promise; a query written just after the channel closed (a
/// server restart) is dropped and its answer never comes, which left requests waiting for ever. Checking that the
/// channel is open on its own event loop, in the same turn as the write, leaves it no moment to close in between.
struct OpenConnectionDatabase: PostgresDatabase {
    let connection: PostgresConnection
    let logger: Logger

    var eventLoop: any EventLoop { connection.eventLoop }

    func send(_ request: any PostgresRequest, logger: Logger) -> EventLoopFuture<Void> {
        let request = OnEventLoop(value: request)
        return whileOpen { $0.send(request.value, logger: logger) }
    }

    func withConnection<T>(_ closure: @escaping (PostgresConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        whileOpen(closure)
    }

    private func whileOpen<T>(_ start: @escaping (PostgresConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let loop = connection.eventLoop
        guard !loop.inEventLoop else { return startIfOpen(start) }
        let promise = loop.makePromise(of: T.self)
        let start = OnEventLoop(value: start)
        loop.execute { [self] in
            startIfOpen(start.value).assumeIsolated().whenComplete { promise.assumeIsolated().completeWith($0) }
        }
        return promise.futureResult
    }

    private func startIfOpen<T>(_ start: (PostgresConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard !connection.isClosed else {
            return connection.eventLoop.makeFailedFuture(ClosedBeforeStatement())
        }
        return start(connection)
    }
}

/// The pool lent a connection that had closed: nothing was sent on it, so the statement may go on another.
struct ClosedBeforeStatement: Error {}

/// A value handed to the event loop it is used on, and used nowhere else.
private struct OnEventLoop<Value>: @unchecked Sendable {
    let value: Value
}
