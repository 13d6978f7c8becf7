import Foundation
import Hummingbird
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyRefresh
import LatchkeyStore

/// `/unified/connection`: Unified's connection API over the sealed store.
struct ConnectionRoutes {
    let store: Store
    let refresher: Refresher
    let catalog: Catalog
    let transport: any OAuthTransport

    func register(on group: RouterGroup<LatchkeyRequestContext>) {
        group.get(use: list)
        group.post(use: create)
        group.get(":id", use: read)
        group.patch(":id", use: patch)
        group.put(":id", use: replace)
        group.delete(":id", use: remove)
        group.post(":id/refresh", use: forceRefresh)
    }

    @Sendable func list(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let query = try ConnectionListQuery(parameters: request.uri.queryParameters)
        return try jsonResponse(try await store.connections(workspaceID: try context.requireWorkspace(), query: query))
    }

    @Sendable func create(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let draft = try await request.decodeJSONBody(as: ConnectionDraft.self, context: context)
        try validate(draft)
        return try jsonResponse(try await store.insertConnection(workspaceID: try context.requireWorkspace(), draft: draft))
    }

    /// The connection with a token valid for at least the refresh margin, refreshed first when needed.
    @Sendable func read(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        try await freshConnection(request, context: context, force: false)
    }

    /// Refreshes the token now, whatever its expiry.
    @Sendable func forceRefresh(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        try await freshConnection(request, context: context, force: true)
    }

    private func freshConnection(_ request: Request, context: LatchkeyRequestContext, force: Bool) async throws -> Response {
        let id = try context.parameters.require("id")
        let workspaceID = try context.requireWorkspace()
        let found =
            force
            ? try await store.connectionRecord(id: id, workspaceID: workspaceID)
            : try await store.recentConnectionRecord(id: id, workspaceID: workspaceID)
        guard let record = found else { throw APIError.notFound("the connection") }
        if !force, refresher.isFresh(record.connection) {
            return jsonResponse(body: ByteBuffer(bytes: store.json(of: record)))
        }
        do {
            return try jsonResponse(try await refresher.fresh(record, force: force))
        } catch let error as RefreshError {
            throw APIError.from(refreshError: error)
        }
    }

    /// Merges the body into the connection (RFC 7386: `null` removes a field, objects such as `auth` and
    /// `auth.meta` merge member by member). The merge runs on the newest stored value, so concurrent patches of
    /// different fields both survive.
    @Sendable func patch(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let body = try await request.jsonObjectBody(context: context)
        let patch = JSONValue.object(body.filter { ConnectionDraft.writableFieldNames.contains($0.key) })
        _ = try patch.decode(as: ConnectionDraft.self)
        let updated = try await store.updateConnection(id: id, workspaceID: try context.requireWorkspace()) { current in
            let draft = try JSONValue.encoding(current.draft).merging(patch: patch).decode(as: ConnectionDraft.self)
            try validate(draft, typeChanged: draft.integrationType != current.integrationType)
            return current.replacing(with: draft, now: Date())
        }
        guard let updated else { throw APIError.notFound("the connection") }
        return try jsonResponse(updated)
    }

    /// Replaces every writable field with the body's; fields the body leaves out are cleared.
    @Sendable func replace(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let draft = try await request.decodeJSONBody(as: ConnectionDraft.self, context: context)
        try validate(draft)
        let updated = try await store.updateConnection(id: id, workspaceID: try context.requireWorkspace()) { current in
            current.replacing(with: draft, now: Date())
        }
        guard let updated else { throw APIError.notFound("the connection") }
        return try jsonResponse(updated)
    }

    /// Deletes the connection, then revokes its tokens at the integration's `revoke_url` (RFC 7009) in the
    /// background: best effort, so a provider that is down never blocks a deletion.
    @Sendable func remove(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let workspaceID = try context.requireWorkspace()
        let connection = try? await store.connection(id: id, workspaceID: workspaceID)
        guard try await store.deleteConnection(id: id, workspaceID: workspaceID) else {
            throw APIError.notFound("the connection")
        }
        if let connection {
            let revocation = Revocation(store: store, catalog: catalog, transport: transport)
            let logger = context.logger
            Task { await revocation.revoke(connection, logger: logger) }
        }
        return Response(status: .ok)
    }

    /// The draft's own issues, that its integration is in the catalog (422 `unknown_integration`), then what the
    /// integration requires of entered credentials. A patch that leaves `integration_type` alone keeps a connection
    /// whose integration has since left the catalog patchable (`typeChanged` false).
    private func validate(_ draft: ConnectionDraft, typeChanged: Bool = true) throws {
        if let issue = draft.validationIssues().first { throw APIError.invalid(issue) }
        guard let type = draft.integrationType, let integration = catalog.integration(type: type) else {
            guard typeChanged else { return }
            throw APIError.unknownIntegration
        }
        if let issue = integration.credentialIssues(draft.auth).first {
            throw APIError(status: .unprocessableContent, code: "missing_credential", message: "\(issue.field) \(issue.message)", field: issue.field)
        }
    }
}
