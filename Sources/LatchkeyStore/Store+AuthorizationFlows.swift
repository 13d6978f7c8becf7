import Foundation
import LatchkeyModel
import SQLKit

extension Store {
    /// How long an end user has to come back from the provider.
    public static let authorizationFlowLifetime: TimeInterval = 600

    /// A new random state: 256 bits, base64url.
    public static func newAuthorizationState() -> String { RandomToken.base64URL(bytes: 32) }

    /// Keeps `flow` under `state` (a new random one unless the caller drew it first, to name it in a callback URL)
    /// and answers that state. Only its hash is stored.
    public func beginAuthorizationFlow(
        _ flow: AuthorizationFlow, state: String = newAuthorizationState(), now: Date = Date()
    ) async throws
        -> String
    {
        let stateHash = Self.digest(state)
        let sealed = try await keyring.seal(WireJSON.encode(flow), context: .authorizationFlow(stateHash: stateHash))
        let at = StoreTime.milliseconds(now)
        try await database.raw("DELETE FROM authorization_flows WHERE expires_at < \(bind: at - 86_400_000)").run()
        try await database.raw(
            """
            INSERT INTO authorization_flows (state_hash, workspace_id, integration_type, flow_sealed, flow_key_id, created_at, expires_at)
            VALUES (\(bind: stateHash), \(bind: flow.workspaceID), \(bind: flow.integrationType), \(bind: sealed.text), \(bind: sealed.keyID),
                \(bind: at), \(bind: at + Int64(Self.authorizationFlowLifetime * 1000)))
            """
        ).run()
        return state
    }

    /// Takes the flow a callback's `state` names, once: the first call marks it used, in one statement, so of two
    /// racing callbacks only one finds it unused; later calls see it as reused.
    public func consumeAuthorizationFlow(state: String, now: Date = Date()) async throws -> AuthorizationFlowLookup {
        let stateHash = Self.digest(state)
        let context = SealingContext.authorizationFlow(stateHash: stateHash)
        if let row = try await database.raw(
            """
            UPDATE authorization_flows SET used_at = \(bind: StoreTime.milliseconds(now))
            WHERE state_hash = \(bind: stateHash) AND used_at IS NULL RETURNING flow_sealed, expires_at
            """
        ).first() {
            let flow = try await openFlow(try row.decode(column: "flow_sealed", as: String.self), context: context)
            let expiresAt = try row.decode(column: "expires_at", as: Int64.self)
            return expiresAt < StoreTime.milliseconds(now) ? .expired(flow) : .found(flow)
        }
        guard
            let used = try await database.raw("SELECT flow_sealed FROM authorization_flows WHERE state_hash = \(bind: stateHash)")
                .first(decodingColumn: "flow_sealed", as: String.self)
        else { return .unknown }
        return .reused(try await openFlow(used, context: context))
    }

    /// The flow `state` names, without using it up: for a page the end user fills in before the flow completes.
    public func authorizationFlow(state: String, now: Date = Date()) async throws -> AuthorizationFlowLookup {
        let stateHash = Self.digest(state)
        guard
            let row = try await database.raw(
                "SELECT flow_sealed, expires_at, used_at FROM authorization_flows WHERE state_hash = \(bind: stateHash)"
            ).first()
        else { return .unknown }
        let flow = try await openFlow(try row.decode(column: "flow_sealed", as: String.self), context: .authorizationFlow(stateHash: stateHash))
        if try row.decode(column: "used_at", as: Int64?.self) != nil { return .reused(flow) }
        return try row.decode(column: "expires_at", as: Int64.self) < StoreTime.milliseconds(now) ? .expired(flow) : .found(flow)
    }

    private func openFlow(_ text: String, context: SealingContext) async throws -> AuthorizationFlow {
        try WireJSON.decode(AuthorizationFlow.self, from: try await keyring.open(try SealedValue(text: text), context: context))
    }
}
