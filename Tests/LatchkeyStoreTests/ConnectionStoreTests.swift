import Foundation
import LatchkeyModel
import LatchkeyTestSupport
import Testing

@testable import LatchkeyStore

@Suite struct ConnectionStoreTests {
    @Test(arguments: TestBackend.allCases)
    func storedConnectionReadsBackExactly(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let created = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft())
            let read = try #require(try await store.connection(id: created.id, workspaceID: workspace.id))
            #expect(read == created)
            #expect(read.auth?.meta?["nested"] == .object(["n": .integer(1), "z": .null]))
            #expect(read.environment == "Production")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aWorkspaceSeesOnlyItsOwnConnections(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let mine = try await store.createWorkspace(name: "mine")
            let theirs = try await store.createWorkspace(name: "theirs")
            let connection = try await store.insertConnection(workspaceID: theirs.id, draft: sampleDraft())
            #expect(try await store.connection(id: connection.id, workspaceID: mine.id) == nil)
            #expect(try await store.connections(workspaceID: mine.id, query: .init()).isEmpty)
            #expect(try await store.updateConnection(id: connection.id, workspaceID: mine.id) { $0 } == nil)
            #expect(try await store.deleteConnection(id: connection.id, workspaceID: mine.id) == false)
            #expect(try await store.connection(id: connection.id, workspaceID: theirs.id) != nil)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func apiKeysAreStoredOnlyAsHashes(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            #expect(workspace.apiKey.hasPrefix("lk_"))
            #expect(try await store.workspaceID(forAPIKey: workspace.apiKey) == workspace.id)
            #expect(try await store.workspaceID(forAPIKey: workspace.apiKey + "x") == nil)
            let stored = try await store.database.raw("SELECT key_hash FROM api_keys").all(decodingColumn: "key_hash", as: String.self)
            #expect(stored == [Store.hash(apiKey: workspace.apiKey)])
            #expect(!stored.contains(workspace.apiKey))
        }
    }

    /// Many connections created in the same millisecond: paging by any sort and order visits each exactly once.
    @Test(arguments: TestBackend.allCases)
    func pagingNeverSkipsNorRepeatsARow(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let now = Date(timeIntervalSince1970: 1_700_000_000)
            var ids: Set<String> = []
            for index in 0..<23 {
                let type = index % 3 == 0 ? "alpha" : "beta"
                ids.insert(try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft(type: type), now: now).id)
            }
            for sort in ConnectionListQuery.SortField.allCases {
                for order in ConnectionListQuery.Order.allCases {
                    var seen: [String] = []
                    var offset = 0
                    while true {
                        let page = try await store.connections(
                            workspaceID: workspace.id, query: .init(limit: 4, offset: offset, sort: sort, order: order))
                        if page.isEmpty { break }
                        seen += page.map(\.id)
                        offset += page.count
                    }
                    #expect(seen.count == ids.count, "\(sort) \(order)")
                    #expect(Set(seen) == ids, "\(sort) \(order)")
                    let whole = try await store.connections(workspaceID: workspace.id, query: .init(limit: 100, sort: sort, order: order))
                    #expect(whole.map(\.id) == seen, "\(sort) \(order)")
                }
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func listSortsAndFilters(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let base = Date(timeIntervalSince1970: 1_700_000_000)
            var crm = sampleDraft(type: "hubspot", categories: ["crm", "martech"])
            crm.externalXref = "user-1"
            let first = try await store.insertConnection(workspaceID: workspace.id, draft: crm, now: base)
            var hris = sampleDraft(type: "bamboohr", categories: ["hris"])
            hris.environment = "Sandbox"
            let second = try await store.insertConnection(workspaceID: workspace.id, draft: hris, now: base.addingTimeInterval(10))
            let third = try await store.insertConnection(
                workspaceID: workspace.id, draft: sampleDraft(type: "a_b%c", categories: ["c_m", "100%"]), now: base.addingTimeInterval(20))

            func ids(_ query: ConnectionListQuery) async throws -> [String] {
                try await store.connections(workspaceID: workspace.id, query: query).map(\.id)
            }
            #expect(try await ids(.init()) == [first.id, second.id, third.id])
            #expect(try await ids(.init(order: .descending)) == [third.id, second.id, first.id])
            #expect(try await ids(.init(sort: .name)) == [third.id, second.id, first.id])
            #expect(try await ids(.init(categories: ["crm"])) == [first.id])
            #expect(try await ids(.init(categories: ["crm", "hris"])) == [first.id, second.id])
            #expect(try await ids(.init(categories: ["CRM"])).isEmpty)
            #expect(try await ids(.init(categories: ["c%"])).isEmpty)
            #expect(try await ids(.init(categories: ["crm_"])).isEmpty)
            #expect(try await ids(.init(categories: ["c_m"])) == [third.id])
            #expect(try await ids(.init(categories: ["100%"])) == [third.id])
            #expect(try await ids(.init(externalXref: "user-1")) == [first.id])
            #expect(try await ids(.init(environment: "Sandbox")) == [second.id])
            #expect(try await ids(.init(updatedGTE: base.addingTimeInterval(10))) == [second.id, third.id])
            #expect(try await ids(.init(limit: 1, offset: 1)) == [second.id])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func deleteRemovesTheRow(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let connection = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft())
            #expect(try await store.deleteConnection(id: connection.id, workspaceID: workspace.id))
            #expect(try await store.connection(id: connection.id, workspaceID: workspace.id) == nil)
            #expect(try await store.deleteConnection(id: connection.id, workspaceID: workspace.id) == false)
        }
    }

    /// Each task changes a different field of one connection at the same time; every change survives.
    @Test(arguments: TestBackend.allCases)
    func concurrentUpdatesOfDifferentFieldsAllSurvive(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let connection = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft())
            let writers = 16
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        _ = try await store.updateConnection(id: connection.id, workspaceID: workspace.id) { current in
                            var next = current
                            var meta = next.auth?.meta ?? [:]
                            meta["writer\(writer)"] = .integer(Int64(writer))
                            next.auth?.meta = meta
                            if writer == 0 { next.externalXref = "patched-xref" }
                            if writer == 1 { next.auth?.refreshToken = "rotated" }
                            return next
                        }
                    }
                }
                try await group.waitForAll()
            }
            let final = try #require(try await store.connection(id: connection.id, workspaceID: workspace.id))
            for writer in 0..<writers {
                #expect(final.auth?.meta?["writer\(writer)"] == .integer(Int64(writer)))
            }
            #expect(final.externalXref == "patched-xref")
            #expect(final.auth?.refreshToken == "rotated")
            #expect(final.auth?.accessToken == "access-123")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aFailedChangeStoresNothing(backend: TestBackend) async throws {
        struct Refused: Error {}
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let connection = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft())
            await #expect(throws: Refused.self) {
                _ = try await store.updateConnection(id: connection.id, workspaceID: workspace.id) { _ in throw Refused() }
            }
            #expect(try await store.connection(id: connection.id, workspaceID: workspace.id) == connection)
        }
    }
}

@Suite struct DefaultWorkspaceTests {
    /// Replicas starting together on an empty database make one default workspace between them.
    @Test(arguments: TestBackend.allCases)
    func replicasStartingTogetherMakeOneDefaultWorkspace(backend: TestBackend) async throws {
        let masterKey = MasterKey.random()
        try await withStore(backend, masterKey: masterKey) { store, location, _ in
            var replicas: [Store] = []
            for _ in 0..<3 { replicas.append(try await Store.open(location, masterKey: masterKey, database: .underTestLoad, logger: quietLogger)) }
            let outcome = await Result(catching: {
                try await withThrowingTaskGroup(of: CreatedWorkspace?.self) { group in
                    for replica in replicas + [store] { group.addTask { try await replica.createDefaultWorkspaceIfNone() } }
                    return try await group.reduce(into: [CreatedWorkspace?]()) { $0.append($1) }
                }
            })
            for replica in replicas { await replica.close() }
            let created = try outcome.get().compactMap { $0 }
            #expect(created.count == 1)
            #expect(try await store.workspaces().map(\.name) == ["default"])
            #expect(try await store.createDefaultWorkspaceIfNone() == nil)
        }
    }
}
