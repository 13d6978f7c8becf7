import Foundation
import LatchkeyTestSupport
import Synchronization
import Testing

@testable import LatchkeyStore

/// No store operation waits on its database beyond the bound, and SQLite commits are durable unless asked otherwise.
@Suite struct DatabaseBoundTests {
    /// An operation that ignores cancellation, as a PostgreSQL query on a connection that went away unseen did, still
    /// answers its caller at the bound; it is cancelled and its result, when it comes, goes nowhere.
    @Test func anOperationThatNeverAnswersIsUnavailableAtTheBound() async throws {
        let release = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let cancelled = Mutex(false)
        let bound = BoundedOperation(limit: .milliseconds(300), logger: quietLogger)
        let started = ContinuousClock.now
        do {
            _ = try await bound.run { _ in
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in release.withLock { $0 = continuation } }
                } onCancel: {
                    cancelled.withLock { $0 = true }
                }
                return 1
            }
            Issue.record("an operation that never answers answered")
        } catch let error as StoreError {
            guard case .unavailable = error else { throw error }
        }
        let waited = started.duration(to: .now)
        #expect(waited >= .milliseconds(300) && waited < .seconds(20), "at the bound, or as soon after as a loaded machine runs the timer: \(waited)")
        #expect(cancelled.withLock { $0 })
        release.withLock { $0 }?.resume()
    }

    @Test func anOperationWithinTheBoundAnswersItsResultOrError() async throws {
        let bound = BoundedOperation(limit: .seconds(5), logger: quietLogger)
        #expect(try await bound.run { _ in 42 } == 42)
        await #expect(throws: StoreError.corrupted("x")) { try await bound.run { _ -> Int in throw StoreError.corrupted("x") } }
    }

    @Test func aCancelledCallerStopsWaitingAtOnce() async throws {
        let bound = BoundedOperation(limit: .seconds(30), logger: quietLogger)
        let waiting = Task { try await bound.run { _ in try await Task.sleep(for: .seconds(30)) } }
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(started.duration(to: .now) < .seconds(10), "long before the operation's 30 s")
    }

    /// A statement that takes longer than the bound on a live PostgreSQL is given up and its connection closed (which
    /// ends the statement on the server); the pool then serves the next statements on a new connection.
    @Test func aSlowPostgreSQLStatementIsUnavailableAndItsConnectionReplaced() async throws {
        try await withStore(.postgres, database: DatabaseSettings(operationTimeout: .seconds(2))) { store, _, _ in
            let started = ContinuousClock.now
            await #expect(throws: StoreError.self) { try await store.database.raw("SELECT pg_sleep(60)").run() }
            #expect(started.duration(to: .now) < .seconds(30), "far less than the statement's minute")
            var answered = 0
            for _ in 0..<20 {
                do {
                    try await store.checkReachable()
                    answered += 1
                } catch StoreError.unavailable {
                    try await Task.sleep(for: .milliseconds(200))  // the suite's load can hold a new connection up
                }
            }
            #expect(answered >= 15, "\(answered) of 20 statements answered after the slow one")
            #expect(try await store.connectionCount() == 0)
        }
    }

    /// A PostgreSQL server that is not there fails the store's opening within the bound, with `unavailable`.
    @Test func anAbsentPostgreSQLServerIsUnavailableWithinTheBound() async throws {
        let port = try freeLoopbackPort()
        let started = ContinuousClock.now
        do {
            _ = try await Store.open(
                .postgres(url: "postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable"), masterKey: .random(),
                database: DatabaseSettings(operationTimeout: .seconds(1)), logger: quietLogger)
            Issue.record("a store opened on a closed port")
        } catch let error as StoreError {
            guard case .unavailable = error else { throw error }
        }
        #expect(started.duration(to: .now) < .seconds(20), "a pool that cannot connect retries for ever")
    }

    /// SQLite syncs every commit (`FULL`) on every connection unless `normal` is asked for.
    @Test(arguments: [(DatabaseSettings.SQLiteSynchronous.full, 2), (.normal, 1)])
    func sqliteCommitsAreDurableUnlessAskedOtherwise(synchronous: DatabaseSettings.SQLiteSynchronous, pragma: Int) async throws {
        try await withStore(.sqlite, database: DatabaseSettings(sqliteSynchronous: synchronous)) { store, _, _ in
            for _ in 0..<8 {
                let value = try await store.database.raw("PRAGMA synchronous").first(decodingColumn: "synchronous", as: Int.self)
                #expect(value == pragma)
            }
            #expect(try await store.database.raw("PRAGMA journal_mode").first(decodingColumn: "journal_mode", as: String.self) == "wal")
        }
    }
}
