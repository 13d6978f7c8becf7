import Foundation
import LatchkeyModel
import LatchkeyTestSupport
import Testing

@testable import LatchkeyStore

@Suite struct SealingTests {
    @Test(arguments: TestBackend.allCases)
    func sealedAuthCopiedOntoAnotherRowFailsToOpen(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let victim = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft(secret: "victim"))
            let attacker = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft(secret: "attacker"))
            try await store.database.raw(
                """
                UPDATE connections SET auth_sealed = (SELECT auth_sealed FROM connections WHERE id = \(bind: victim.id))
                WHERE id = \(bind: attacker.id)
                """
            ).run()
            await #expect(throws: StoreError.self) {
                _ = try await store.connection(id: attacker.id, workspaceID: workspace.id)
            }
            #expect(try await store.connection(id: victim.id, workspaceID: workspace.id)?.auth?.accessToken == "victim")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func secretsAreNeverStoredInTheClear(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let connection = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft(secret: "canary-7f3a"))
            let row = try #require(
                try await store.database.raw("SELECT * FROM connections WHERE id = \(bind: connection.id)").first())
            let sealed = try row.decode(column: "auth_sealed", as: String.self)
            #expect(sealed.hasPrefix("v1.k"))
            #expect(!sealed.contains("canary"))
            let keys = try await store.database.raw("SELECT wrapped_key FROM data_keys").all(decodingColumn: "wrapped_key", as: String.self)
            #expect(keys.allSatisfy { $0.hasPrefix("v1.master.") })
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anotherMasterKeyCannotOpenTheStore(backend: TestBackend) async throws {
        try await withStore(backend) { store, location, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            _ = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft())
            do {
                _ = try await Store.open(location, masterKey: .random(origin: "LATCHKEY_MASTER_KEY"), database: .underTestLoad, logger: quietLogger)
                Issue.record("a store opened with the wrong master key")
            } catch let error as StoreError {
                #expect(error.description.contains("LATCHKEY_MASTER_KEY does not open data key"))
            }
        }
    }

    @Test func aTamperedSealedValueFailsToOpen() throws {
        let key = MasterKey.random().key
        let context = SealingContext.connectionAuth(workspaceID: "w", connectionID: "c")
        let sealed = try SealedValue.seal(Data("secret".utf8), keyID: "k1", key: key, context: context)
        #expect(try sealed.open(with: key, context: context) == Data("secret".utf8))
        var flipped = sealed.box
        flipped[flipped.startIndex + 14] ^= 1
        #expect(throws: StoreError.self) { try SealedValue(keyID: "k1", box: flipped).open(with: key, context: context) }
        #expect(throws: StoreError.self) { try SealedValue(keyID: "k2", box: sealed.box).open(with: key, context: context) }
        #expect(throws: StoreError.self) {
            try sealed.open(with: key, context: .connectionAuth(workspaceID: "other", connectionID: "c"))
        }
        #expect(try SealedValue(text: sealed.text) == sealed)
    }

    @Test func masterKeyFileIsCreatedPrivateAndReused() throws {
        let directory = try TemporaryDirectory()
        let first = try MasterKey.load(environment: [:], dataDirectory: directory.path("data"))
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path("data/master.key"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let second = try MasterKey.load(environment: [:], dataDirectory: directory.path("data"))
        #expect(first.key == second.key)
    }

    @Test(arguments: ["", "c2hvcnQ=", "not base64!!"])
    func masterKeyFromTheEnvironmentMustBe32Bytes(value: String) throws {
        let directory = try TemporaryDirectory()
        if value.isEmpty {
            #expect(
                try MasterKey.load(environment: ["LATCHKEY_MASTER_KEY": value], dataDirectory: directory.path("d")).origin.hasSuffix("master.key"))
        } else {
            #expect(throws: StoreError.self) { try MasterKey.load(environment: ["LATCHKEY_MASTER_KEY": value], dataDirectory: directory.path("d")) }
        }
    }

    @Test func masterKeyFromTheEnvironmentWins() throws {
        let directory = try TemporaryDirectory()
        let text = Data(repeating: 7, count: 32).base64EncodedString()
        let key = try MasterKey.load(environment: ["LATCHKEY_MASTER_KEY": text], dataDirectory: directory.path("d"))
        #expect(key.origin == "LATCHKEY_MASTER_KEY")
        #expect(!FileManager.default.fileExists(atPath: directory.path("d/master.key")))
    }
}

@Suite struct SQLiteFileTests {
    @Test func theDatabaseAndItsFolderAreCreatedPrivate() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("nested/data/latchkey.sqlite")
        let store = try await Store.open(.sqlite(path: path), masterKey: .random(), database: .underTestLoad, logger: quietLogger)
        await store.close()
        let file = try FileManager.default.attributesOfItem(atPath: path)
        #expect(file[.posixPermissions] as? Int == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: directory.path("nested/data"))
        #expect(folder[.posixPermissions] as? Int == 0o700)
    }
}
