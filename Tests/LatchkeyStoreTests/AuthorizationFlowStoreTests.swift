import Foundation
import LatchkeyModel
import LatchkeyTestSupport
import Testing

@testable import LatchkeyStore

@Suite struct AuthorizationFlowStoreTests {
    static func flow(workspaceID: String) -> AuthorizationFlow {
        AuthorizationFlow(
            workspaceID: workspaceID, integrationType: "github", redirectURI: "https://l.example/oauth/callback", pkceVerifier: "verifier-canary",
            scopes: ["repo"], values: ["subdomain": "acme"], successRedirect: "https://app.example/ok", failureRedirect: "https://app.example/no",
            callerState: "caller", externalXref: "u1", environment: "Production", connectionID: nil)
    }

    @Test(arguments: TestBackend.allCases)
    func aStateIsRandomSingleUseAndStoredOnlyAsAHash(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let flow = Self.flow(workspaceID: workspace.id)
            let state = try await store.beginAuthorizationFlow(flow)
            let other = try await store.beginAuthorizationFlow(flow)
            #expect(state != other)
            #expect(Base64URLLength.of(state) >= 32)
            let rows = try await store.database.raw("SELECT state_hash, flow_sealed FROM authorization_flows").all()
            for row in rows {
                #expect(try row.decode(column: "state_hash", as: String.self) != state)
                #expect(!(try row.decode(column: "flow_sealed", as: String.self)).contains("verifier-canary"))
            }
            #expect(try await store.consumeAuthorizationFlow(state: state) == .found(flow))
            #expect(try await store.consumeAuthorizationFlow(state: state) == .reused(flow))
            #expect(try await store.consumeAuthorizationFlow(state: "forged") == .unknown)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func racingCallbacksFindTheFlowOnce(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let state = try await store.beginAuthorizationFlow(Self.flow(workspaceID: workspace.id))
            let lookups = try await withThrowingTaskGroup(of: AuthorizationFlowLookup.self) { group in
                for _ in 0..<8 { group.addTask { try await store.consumeAuthorizationFlow(state: state) } }
                return try await group.reduce(into: [AuthorizationFlowLookup]()) { $0.append($1) }
            }
            #expect(lookups.filter { if case .found = $0 { true } else { false } }.count == 1)
            #expect(lookups.filter { if case .reused = $0 { true } else { false } }.count == 7)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aFlowExpiresAfterTenMinutes(backend: TestBackend) async throws {
        try await withStore(backend) { store, _, _ in
            let workspace = try await store.createWorkspace(name: "acme")
            let flow = Self.flow(workspaceID: workspace.id)
            let started = Date(timeIntervalSince1970: 1_700_000_000)
            let fresh = try await store.beginAuthorizationFlow(flow, now: started)
            let stale = try await store.beginAuthorizationFlow(flow, now: started)
            #expect(try await store.consumeAuthorizationFlow(state: fresh, now: started.addingTimeInterval(599)) == .found(flow))
            #expect(try await store.consumeAuthorizationFlow(state: stale, now: started.addingTimeInterval(601)) == .expired(flow))
            #expect(try await store.consumeAuthorizationFlow(state: stale, now: started.addingTimeInterval(602)) == .reused(flow))
        }
    }
}

/// How many random bytes a base64url string carries at least.
enum Base64URLLength {
    static func of(_ text: String) -> Int { text.count * 6 / 8 }
}
