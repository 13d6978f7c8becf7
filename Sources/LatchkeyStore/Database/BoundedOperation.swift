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
        let outcome = Outcome<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.deliver(to: continuation)
                let work = Task {
                    do {
                        outcome.finish(.success(try await operation(lease)))
                    } catch {
                        outcome.finish(.failure(error))
                    }
                }
                let timer = Task { [limit, logger] in
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    guard outcome.finish(.failure(StoreError.unavailable("the database did not answer within \(limit)"))) else { return }
                    logger.warning("a database operation ran out of time; closing its connection", metadata: ["limit": "\(limit)"])
                    work.cancel()
                    lease.close()
                }
                outcome.onFinish { timer.cancel() }
            }
        } onCancel: {
            outcome.finish(.failure(CancellationError()))
        }
    }
}

/// The first result of an operation, its timer or its caller's cancellation, handed to the waiting caller once.
private final class Outcome<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var early: Result<T, any Error>?
        var finished = false
        var onFinish: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// Where the result goes: resumed at once when one came first.
    func deliver(to continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock { state in
            guard let early = state.early else {
                state.continuation = continuation
                return nil
            }
            return early
        }
        if let early { continuation.resume(with: early) }
    }

    /// Hands `result` to the caller unless another result came first; answers whether it was the first.
    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        let (first, continuation, onFinish) = state.withLock { state -> (Bool, CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) in
            guard !state.finished else { return (false, nil, nil) }
            state.finished = true
            if state.continuation == nil { state.early = result }
            defer { state.continuation = nil }
            return (true, state.continuation, state.onFinish)
        }
        continuation?.resume(with: result)
        onFinish?()
        return first
    }

    /// Runs `action` once a result is handed over (at once when one already was).
    func onFinish(_ action: @escaping @Sendable () -> Void) {
        let finished = state.withLock { state in
            if !state.finished { state.onFinish = action }
            return state.finished
        }
        if finished { action() }
    }
}
