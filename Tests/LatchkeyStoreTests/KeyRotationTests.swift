import Foundation
import LatchkeyModel
import LatchkeyTestSupport
import Testing

@testable import LatchkeyStore

@Suite struct KeyRotationTests {
    @Test(arguments: TestBackend.allCases)
    func rotationResealsEveryRowUnderTheNewKey(backend: TestBackend) async throws {
        try await withStore(backend, keyRefreshInterval: .milliseconds(200)) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            var originals: [Connection] = []
            for index in 0..<30 {
                originals.append(try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft(secret: "s\(index)")))
            }
            let oldKey = try await store.keyring.activeKey().id
            let report = try await store.rotateKeys(batchSize: 7)
            #expect(report.keyID != oldKey)
            #expect(report.resealed == 30)
            let usage = try await store.keyUsage()
            #expect(usage.map(\.keyID) == [oldKey, report.keyID])
            #expect(usage.map(\.sealedValues) == [0, 30])
            for original in originals {
                #expect(try await store.connection(id: original.id, workspaceID: workspace.id) == original)
            }
        }
    }

    /// A second process (another `Store` on the same database) keeps reading and writing during the rotation:
    /// rows sealed under the old key stay readable, no write is lost, and in the end every row is under the new key.
    @Test(arguments: TestBackend.allCases)
    func rotationRunsWhileAnotherServerKeepsServing(backend: TestBackend) async throws {
        let masterKey = MasterKey.random()
        try await withStore(backend, masterKey: masterKey, keyRefreshInterval: .milliseconds(300)) { rotator, location, _ in
            let server = try await Store.open(
                location, masterKey: masterKey, keyRefreshInterval: .milliseconds(300), database: .underTestLoad, logger: quietLogger)
            do {
                let workspace = try await server.createWorkspace(name: "acme")
                var ids: [String] = []
                for index in 0..<40 {
                    ids.append(try await server.insertConnection(workspaceID: workspace.id, draft: sampleDraft(secret: "s\(index)")).id)
                }
                let stop = StopFlag()
                let traffic = Task {
                    var round = 0
                    while !stop.isSet {
                        let id = ids[round % ids.count]
                        _ = try await server.updateConnection(id: id, workspaceID: workspace.id) { current in
                            var next = current
                            next.auth?.meta?["round"] = .integer(Int64(round))
                            return next
                        }
                        _ = try #require(try await server.connection(id: ids[(round * 7) % ids.count], workspaceID: workspace.id))
                        round += 1
                    }
                    return round
                }
                let report = try await rotator.rotateKeys(batchSize: 5)
                stop.set()
                let rounds = try await traffic.value
                #expect(rounds > 0)
                try await Task.sleep(for: .milliseconds(400))
                let usage = try await rotator.keyUsage()
                #expect(usage.last?.keyID == report.keyID)
                #expect(usage.dropLast().allSatisfy { $0.sealedValues == 0 }, "\(usage)")
                for (index, id) in ids.enumerated() {
                    let connection = try #require(try await server.connection(id: id, workspaceID: workspace.id))
                    #expect(connection.auth?.accessToken == "s\(index)")
                }
            } catch {
                await server.close()
                throw error
            }
            await server.close()
        }
    }

    @Test(arguments: TestBackend.allCases)
    func migrationsRunOnceAndReopeningKeepsEverything(backend: TestBackend) async throws {
        let masterKey = MasterKey.random()
        try await withStore(backend, masterKey: masterKey) { store, location, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let connection = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft())
            let again = try await Store.open(location, masterKey: masterKey, database: .underTestLoad, logger: quietLogger)
            #expect(try await again.connection(id: connection.id, workspaceID: workspace.id) == connection)
            let versions = try await again.database.raw("SELECT version FROM schema_migrations").all(decodingColumn: "version", as: Int64.self)
            #expect(versions == Migrations.steps.map(\.version))
            #expect(try await again.keyUsage().count == 1)
            await again.close()
        }
    }
}
