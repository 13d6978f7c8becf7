import Foundation
import Hummingbird
import LatchkeyModel
import LatchkeyStore
import Logging

/// Why an authorization failed, as the `error` appended to `failure_redirect`.
struct AuthorizationFailure: Error {
    let code: String
}

/// The end of every authorization, whatever its kind: storing the connection, then sending the end user back to the
/// caller's `success_redirect` with `id` and its `state`, or to `failure_redirect` with `error`.
struct AuthorizationCompletion {
    let store: Store

    /// Stores what an authorization gave: a new connection, or the one being re-authorized, made healthy again.
    /// `authorized` turns the previous auth (if any) into the new one; the flow's placeholder values join `meta`.
    func save(
        _ flow: AuthorizationFlow, integration: Integration, now: Date, authorized authorize: @escaping (ConnectionAuth?) -> ConnectionAuth
    ) async throws -> Connection {
        func authorized(_ previous: ConnectionAuth?) -> ConnectionAuth {
            var auth = authorize(previous)
            if !flow.values.isEmpty {
                var meta = auth.meta ?? [:]
                for (name, value) in flow.values { meta[name] = .string(value) }
                auth.meta = meta
            }
            return auth
        }
        if let connectionID = flow.connectionID {
            let updated = try await store.updateConnection(id: connectionID, workspaceID: flow.workspaceID) { current in
                var next = current
                next.auth = authorized(current.auth)
                next.lastHealthyAt = WireDate.truncated(now)
                next.lastUnhealthyAt = nil
                next.lastUnhealthyCode = nil
                return next
            }
            guard let updated else { throw AuthorizationFailure(code: "connection_not_found") }
            return updated
        }
        let draft = ConnectionDraft(
            integrationType: flow.integrationType, integrationName: integration.name, categories: integration.categories, permissions: [],
            auth: authorized(nil), environment: flow.environment, externalXref: flow.externalXref)
        return try await store.insertConnection(workspaceID: flow.workspaceID, draft: draft, now: now)
    }

    func finish(_ flow: AuthorizationFlow, _ outcome: Result<String, AuthorizationFailure>, logger: Logger) -> Response {
        let metadata: Logger.Metadata = ["integration_type": .string(flow.integrationType), "workspace_id": .string(flow.workspaceID)]
        switch outcome {
        case .success(let connectionID):
            logger.info("authorization completed", metadata: metadata.merging(["connection_id": .string(connectionID)]) { $1 })
            guard let target = flow.successRedirect else {
                return (try? jsonResponse(["id": connectionID])) ?? Response(status: .ok)
            }
            return redirect(to: target, adding: [("id", connectionID)] + (flow.callerState.map { [("state", $0)] } ?? []))
        case .failure(let failure):
            logger.notice("authorization failed", metadata: metadata.merging(["error": .string(failure.code)]) { $1 })
            guard let target = flow.failureRedirect else {
                return APIError(status: .badRequest, code: "authorization_failed", message: "authorization failed: \(failure.code)")
                    .plainResponse()
            }
            return redirect(to: target, adding: [("error", failure.code)] + (flow.callerState.map { [("state", $0)] } ?? []))
        }
    }
}
