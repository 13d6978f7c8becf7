import Hummingbird
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyStore

/// `/unified/integration`: the catalog, and the integrations a workspace has configured.
struct IntegrationRoutes {
    let catalog: Catalog
    let store: Store

    func register(on group: RouterGroup<LatchkeyRequestContext>) {
        group.get(use: list)
        group.get("workspace/:workspace_id", use: listConfigured)
        group.get("workspace/:workspace_id/:integration_type", use: readApp)
        group.put("workspace/:workspace_id/:integration_type", use: configureApp)
        group.delete("workspace/:workspace_id/:integration_type", use: removeApp)
    }

    /// The catalog, filtered by `type` and `categories` (any of them), paged by `limit` and `offset`.
    @Sendable func list(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let page = try ConnectionListQuery(parameters: parameters)
        let types = Set(parameters.getAll("type").flatMap { $0.split(separator: ",").map(String.init) })
        let matching = catalog.integrations.filter { integration in
            (types.isEmpty || types.contains(integration.type))
                && (page.categories.isEmpty || !Set(page.categories).isDisjoint(with: integration.categories))
        }
        return try jsonResponse(matching.dropFirst(page.offset).prefix(page.limit).map(IntegrationSummary.init))
    }

    /// The catalog entries the workspace has an OAuth app for.
    @Sendable func listConfigured(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let workspaceID = try Self.ownWorkspace(context)
        let apps = try await store.integrationApps(workspaceID: workspaceID)
        return try jsonResponse(apps.compactMap { catalog.integration(type: $0.integrationType) }.map(IntegrationSummary.init))
    }

    @Sendable func readApp(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let workspaceID = try Self.ownWorkspace(context)
        let type = try context.parameters.require("integration_type")
        guard let app = try await store.integrationApp(workspaceID: workspaceID, integrationType: type) else {
            throw APIError.notFound("an app for the integration")
        }
        return try jsonResponse(IntegrationAppSummary(app))
    }

    /// Sets the workspace's OAuth app (client id, client secret, scopes) for a catalog integration.
    @Sendable func configureApp(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let workspaceID = try Self.ownWorkspace(context)
        let type = try context.parameters.require("integration_type")
        let input = try await request.decodeJSONBody(as: IntegrationAppInput.self, context: context)
        guard catalog.integration(type: type) != nil else {
            throw APIError.unknownIntegration
        }
        guard let clientID = input.clientID, !clientID.isEmpty else { throw APIError.invalid(FieldIssue(field: "client_id", message: "is required")) }
        guard let clientSecret = input.clientSecret, !clientSecret.isEmpty else {
            throw APIError.invalid(FieldIssue(field: "client_secret", message: "is required"))
        }
        if let index = input.scopes?.firstIndex(where: \.isEmpty) {
            throw APIError.invalid(FieldIssue(field: "scopes[\(index)]", message: "must not be empty"))
        }
        let app = try await store.configureIntegrationApp(
            workspaceID: workspaceID, integrationType: type, clientID: clientID, clientSecret: clientSecret, scopes: input.scopes)
        return try jsonResponse(IntegrationAppSummary(app))
    }

    @Sendable func removeApp(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let workspaceID = try Self.ownWorkspace(context)
        let type = try context.parameters.require("integration_type")
        guard try await store.removeIntegrationApp(workspaceID: workspaceID, integrationType: type) else {
            throw APIError.notFound("an app for the integration")
        }
        return Response(status: .ok)
    }

    /// The workspace in the path, which must be the one the API key proved: another answers 404 like one that does not exist.
    private static func ownWorkspace(_ context: LatchkeyRequestContext) throws -> String {
        let workspaceID = try context.parameters.require("workspace_id")
        guard workspaceID == (try context.requireWorkspace()) else { throw APIError.notFound("the workspace") }
        return workspaceID
    }
}
