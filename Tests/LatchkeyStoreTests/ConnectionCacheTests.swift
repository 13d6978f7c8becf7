import Foundation
import LatchkeyModel
import LatchkeyTestSupport
import Testing

@testable import LatchkeyStore

/// The cache of opened connections: reads come from memory, and no write, by this process or another, is missed.
@Suite struct ConnectionCacheTests {
    static let settings = ConnectionCacheSettings(capacity: 100, maxAge: .seconds(60), pollInterval: .milliseconds(50))

    @Test(arguments: TestBackend.allCases)
    func aSecondReadComesFromMemoryAndAWriteHereIsSeenAtOnce(backend: TestBackend) async throws {
        try await withStore(backend, connectionCache: Self.settings) { store, _, _ in
            try await waitUntilFollowing(store)
            let workspace = try await store.createWorkspace(name: "acme")
            let created = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft(secret: "first"))
            let first = try #require(try await store.recentConnectionRecord(id: created.id, workspaceID: workspace.id))
            let second = try #require(try await store.recentConnectionRecord(id: created.id, workspaceID: workspace.id))
            #expect(first == second)
            #expect(first.connection == created)
            #expect(store.connectionCacheStatistics == ConnectionCacheStatistics(hits: 1, misses: 1, entries: 1))

            try await Self.setAccessToken("second", of: created, through: store)
            let afterUpdate = try await store.recentConnectionRecord(id: created.id, workspaceID: workspace.id)
            #expect(afterUpdate?.connection.auth?.accessToken == "second")
            #expect(afterUpdate?.version == 2)

            let version = try #require(afterUpdate?.version)
            #expect(try await store.commitRefresh(id: created.id, workspaceID: workspace.id, version: version, auth: token("third"), now: Date()))
            #expect(try await store.recentConnectionRecord(id: created.id, workspaceID: workspace.id)?.connection.auth?.accessToken == "third")

            #expect(try await store.deleteConnection(id: created.id, workspaceID: workspace.id))
            #expect(try await store.recentConnectionRecord(id: created.id, workspaceID: workspace.id) == nil)
        }
    }

    /// Another process on the same database (here a second store) writes: the change feed drops the kept entry.
    @Test(arguments: TestBackend.allCases)
    func anotherProcessWriteIsSeenOnceReported(backend: TestBackend) async throws {
        try await withTwoProcesses(backend) { store, other, created in
            let workspaceID = created.workspaceID
            try await Self.setAccessToken("written elsewhere", of: created, through: other)
            let seen = try await eventually {
                try await store.recentConnectionRecord(id: created.id, workspaceID: workspaceID)?.connection.auth?.accessToken == "written elsewhere"
            }
            #expect(seen)
            // Kept again after the change, then deleted elsewhere.
            _ = try await store.recentConnectionRecord(id: created.id, workspaceID: workspaceID)
            #expect(try await other.deleteConnection(id: created.id, workspaceID: workspaceID))
            #expect(try await eventually { try await store.recentConnectionRecord(id: created.id, workspaceID: workspaceID) == nil })
            #expect((store.connectionCacheStatistics?.hits ?? 0) > 0)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anotherWorkspaceNeverGetsAKeptConnection(backend: TestBackend) async throws {
        try await withStore(backend, connectionCache: Self.settings) { store, _, _ in
            try await waitUntilFollowing(store)
            let mine = try await store.createWorkspace(name: "mine")
            let theirs = try await store.createWorkspace(name: "theirs")
            let connection = try await store.insertConnection(workspaceID: theirs.id, draft: sampleDraft())
            #expect(try await store.recentConnectionRecord(id: connection.id, workspaceID: theirs.id) != nil)
            #expect(try await store.recentConnectionRecord(id: connection.id, workspaceID: mine.id) == nil)
        }
    }

    /// The listening connection dies: nothing is served from memory until listening resumes, and a write made while
    /// nobody listened (its notification lost) is still seen.
    @Test func aLostListenerMissesNoWrite() async throws {
        try await withTwoProcesses(.postgres) { store, other, created in
            let workspaceID = created.workspaceID
            // The listening backend, idle after its LISTEN (or its check every ten seconds, on a slow run); the store
            // counts as following a moment before the LISTEN reaches the server, so it is looked for until it is
            // there. Only that backend is ended, and only once it is idle: not a pooled connection whose last
            // statement happens to name the channel (the migration's trigger does), nor a LISTEN in flight.
            let terminated = try await eventually {
                let listening = try await other.database.raw(
                    """
                    SELECT pid FROM pg_stat_activity
                    WHERE datname = current_database() AND state = 'idle' AND pid <> pg_backend_pid()
                    AND (query LIKE 'LISTEN %latchkey_connection_changes%' OR query LIKE 'SELECT 1 AS latchkey_connection_changes%')
                    """
                ).all(decodingColumn: "pid", as: Int32.self)
                guard listening.count == 1 else { return false }
                return try await other.database.raw("SELECT pg_terminate_backend(\(bind: listening[0])) AS done").first(
                    decodingColumn: "done", as: Bool.self) == true
            }
            #expect(terminated)
            #expect(try await eventually { !store.isFollowingConnectionChanges })
            #expect(try await store.recentConnectionRecord(id: created.id, workspaceID: workspaceID)?.connection.auth?.accessToken == "first")
            try await Self.setAccessToken("written while nobody listened", of: created, through: other)
            try await waitUntilFollowing(store)
            #expect(
                try await store.recentConnectionRecord(id: created.id, workspaceID: workspaceID)?.connection.auth?.accessToken
                    == "written while nobody listened")
        }
    }

    /// Closing a store waits for its change feed only so long: a feed stuck on a reply that never comes is left
    /// behind, and one that stops is waited for.
    @Test func closingWaitsForTheChangeFeedOnlySoLong() async throws {
        let stuck = Task { await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in } }
        #expect(await !Store.finishes(stuck, within: .milliseconds(200)))
        let stopping = Task { _ = try? await Task.sleep(for: .milliseconds(50)) }
        #expect(await Store.finishes(stopping, within: .seconds(30)))
        let cancelled = Task { _ = try? await Task.sleep(for: .seconds(60)) }
        cancelled.cancel()
        #expect(await Store.finishes(cancelled, within: .seconds(30)))
    }

    /// SQLite's change table keeps the last 10 000 changes, whoever follows it (and with nobody following).
    @Test func theSQLiteChangeTableStaysBounded() async throws {
        try await withStore(.sqlite) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let created = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft())
            try await store.database.raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10500)
                INSERT INTO connection_changes (connection_id) SELECT 'earlier' FROM n
                """
            ).run()
            try await Self.setAccessToken("changed", of: created, through: store)
            let count = try await store.database.raw("SELECT COUNT(*) AS count FROM connection_changes").first(
                decodingColumn: "count", as: Int64.self)
            #expect(count == 10_000)
            let newest = try await store.database.raw("SELECT connection_id FROM connection_changes ORDER BY seq DESC LIMIT 1")
                .first(decodingColumn: "connection_id", as: String.self)
            #expect(newest == created.id)
        }
    }

    /// A reader that loaded before a change was reported does not keep what it loaded.
    @Test func aLoadOverlappingAReportedChangeIsNotKept() throws {
        let cache = OpenedConnectionCache(settings: Self.settings)
        #expect(cache.ticket() == nil)
        cache.setFollowing(true)
        let record = try Self.record(id: "c1", workspaceID: "w1")
        let ticket = try #require(cache.ticket())
        cache.changed(id: "c1")
        cache.keep(record, ticket: ticket)
        #expect(cache.record(id: "c1", workspaceID: "w1") == nil)
        cache.keep(record, ticket: try #require(cache.ticket()))
        #expect(cache.record(id: "c1", workspaceID: "w1") == record)
        cache.setFollowing(false)
        #expect(cache.record(id: "c1", workspaceID: "w1") == nil)
    }

    @Test func entriesAreBoundedInNumberAndAge() async throws {
        let cache = OpenedConnectionCache(settings: ConnectionCacheSettings(capacity: 3, maxAge: .milliseconds(300)))
        cache.setFollowing(true)
        for index in 0..<10 {
            cache.keep(try Self.record(id: "c\(index)", workspaceID: "w1"), ticket: try #require(cache.ticket()))
        }
        #expect(cache.statistics.entries == 3)
        #expect(cache.record(id: "c9", workspaceID: "w1") != nil)
        try await Task.sleep(for: .milliseconds(400))
        #expect(cache.record(id: "c9", workspaceID: "w1") == nil)
    }

    // MARK: Helpers

    /// A store that keeps opened connections, a second store on the same database standing for another process, and
    /// a connection the first store has read (and kept).
    private func withTwoProcesses(_ backend: TestBackend, _ body: (Store, Store, Connection) async throws -> Void) async throws {
        let masterKey = MasterKey.random()
        try await withStore(backend, masterKey: masterKey, connectionCache: Self.settings) { store, location, _ in
            try await waitUntilFollowing(store)
            let other = try await Store.open(location, masterKey: masterKey, database: .underTestLoad, logger: quietLogger)
            do {
                let workspace = try await store.createWorkspace(name: "acme")
                let created = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft(secret: "first"))
                _ = try await store.recentConnectionRecord(id: created.id, workspaceID: workspace.id)
                try await body(store, other, created)
            } catch {
                await other.close()
                throw error
            }
            await other.close()
        }
    }

    static func setAccessToken(_ token: String, of connection: Connection, through store: Store) async throws {
        _ = try await store.updateConnection(id: connection.id, workspaceID: connection.workspaceID) { current in
            var next = current
            next.auth?.accessToken = token
            return next
        }
    }

    static func record(id: String, workspaceID: String) throws -> ConnectionRecord {
        let connection = Connection(id: id, workspaceID: workspaceID, draft: sampleDraft(), now: Date(timeIntervalSince1970: 1_700_000_000))
        return ConnectionRecord(connection: connection, version: 1, lease: nil)
    }

    private func token(_ accessToken: String) -> ConnectionAuth {
        var auth = ConnectionAuth()
        auth.accessToken = accessToken
        return auth
    }

    private func waitUntilFollowing(_ store: Store) async throws {
        let following = try await eventually { store.isFollowingConnectionChanges }
        try #require(following, "the change feed never started following")
    }

    /// Whether `condition` holds within twenty seconds, checked every 20 ms: generous, for a loaded machine, and
    /// only a failing run waits it out.
    private func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
