import Foundation
import LatchkeyTestSupport
import Testing

@testable import LatchkeyStore

/// Writers racing on the same rows all succeed, each write committed once: on SQLite a write whose snapshot another
/// connection's commit made stale (`SQLITE_BUSY_SNAPSHOT`, which SQLite's busy handler does not wait out) is run
/// again. (The race needs a release build's speed to show reliably; `bench/sqlite-durability.sh` meets it.)
@Suite struct ConcurrentWriteTests {
    @Test(arguments: TestBackend.allCases)
    func racingWritersAllCommit(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "w")
            var ids: [String] = []
            for _ in 0..<4 { ids.append(try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft()).id) }
            let writers = 24
            let rounds = 25
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask { [ids] in
                        for round in 0..<rounds {
                            let id = ids[(writer + round) % ids.count]
                            _ = try await store.updateConnection(id: id, workspaceID: workspace.id) { current in
                                var next = current
                                next.externalXref = "\(writer)-\(round)"
                                return next
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            var versions: Int64 = 0
            for id in ids { versions += try #require(try await store.connectionRecord(id: id, workspaceID: workspace.id)).version }
            #expect(versions == Int64(ids.count + writers * rounds), "every write committed once")
        }
    }
}
