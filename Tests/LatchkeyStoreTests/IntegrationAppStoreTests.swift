import Foundation
import LatchkeyModel
import LatchkeyTestSupport
import Testing

@testable import LatchkeyStore

@Suite struct IntegrationAppStoreTests {
    @Test(arguments: TestBackend.allCases)
    func anAppIsStoredSealedAndReplacedInPlace(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let first = try await store.configureIntegrationApp(
                workspaceID: workspace.id, integrationType: "github", clientID: "cid-1", clientSecret: "app-secret-canary-1", scopes: nil)
            #expect(first.clientSecret == "app-secret-canary-1")
            #expect(first.scopes == nil)
            let second = try await store.configureIntegrationApp(
                workspaceID: workspace.id, integrationType: "github", clientID: "cid-2", clientSecret: "app-secret-canary-2",
                scopes: ["repo", "read:user"])
            #expect(second.clientID == "cid-2")
            #expect(second.scopes == ["repo", "read:user"])
            #expect(second.createdAt == first.createdAt)
            #expect(try await store.integrationApps(workspaceID: workspace.id) == [second])
            let stored = try await store.database.raw("SELECT secret_sealed FROM integration_apps").all(
                decodingColumn: "secret_sealed", as: String.self)
            #expect(stored.count == 1)
            #expect(!stored[0].contains("canary"))
            #expect("\(second)".contains("canary") == false)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func appsBelongToTheirWorkspace(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let mine = try await store.createWorkspace(name: "mine")
            let theirs = try await store.createWorkspace(name: "theirs")
            _ = try await store.configureIntegrationApp(
                workspaceID: theirs.id, integrationType: "slack", clientID: "c", clientSecret: "s", scopes: nil)
            #expect(try await store.integrationApp(workspaceID: mine.id, integrationType: "slack") == nil)
            #expect(try await store.integrationApps(workspaceID: mine.id).isEmpty)
            #expect(try await store.removeIntegrationApp(workspaceID: mine.id, integrationType: "slack") == false)
            #expect(try await store.removeIntegrationApp(workspaceID: theirs.id, integrationType: "slack"))
            #expect(try await store.integrationApps(workspaceID: theirs.id).isEmpty)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aSecretMovedToAnotherAppFailsToOpen(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            _ = try await store.configureIntegrationApp(
                workspaceID: workspace.id, integrationType: "a", clientID: "c", clientSecret: "s1", scopes: nil)
            _ = try await store.configureIntegrationApp(
                workspaceID: workspace.id, integrationType: "b", clientID: "c", clientSecret: "s2", scopes: nil)
            try await store.database.raw(
                "UPDATE integration_apps SET secret_sealed = (SELECT secret_sealed FROM integration_apps WHERE integration_type = 'a') WHERE integration_type = 'b'"
            ).run()
            await #expect(throws: StoreError.self) { _ = try await store.integrationApp(workspaceID: workspace.id, integrationType: "b") }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func rotationResealsAppSecretsToo(backend: TestBackend) async throws {
        try await withStore(backend, keyRefreshInterval: .milliseconds(100)) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            _ = try await store.insertConnection(workspaceID: workspace.id, draft: sampleDraft())
            let app = try await store.configureIntegrationApp(
                workspaceID: workspace.id, integrationType: "github", clientID: "c", clientSecret: "s", scopes: ["repo"])
            let report = try await store.rotateKeys()
            #expect(report.resealed == 2)
            #expect(try await store.keyUsage().map(\.sealedValues) == [0, 2])
            #expect(try await store.integrationApp(workspaceID: workspace.id, integrationType: "github") == app)
        }
    }
}
