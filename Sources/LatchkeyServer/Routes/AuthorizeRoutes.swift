import Foundation
import Hummingbird
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyStore

/// `GET /unified/integration/auth/{workspace_id}/{integration_type}`: starts an end user's authorization.
///
/// Answers the provider's authorize URL as text, or a 302 to it with `redirect=true`. It needs no API key, as
/// Unified's does not: the link is opened by the end user's browser.
struct AuthorizeRoutes {
    let store: Store
    let catalog: Catalog
    let configuration: ServerConfiguration

    func register(on router: Router<LatchkeyRequestContext>) {
        router.get("unified/integration/auth/:workspace_id/:integration_type", use: authorize)
    }

    @Sendable func authorize(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let workspaceID = try context.parameters.require("workspace_id")
        let type = try context.parameters.require("integration_type")
        let query = request.uri.queryParameters
        guard try await store.workspace(id: workspaceID) != nil else { throw APIError.notFound("workspace \(workspaceID)") }
        guard let integration = catalog.integration(type: type) else { throw APIError.notFound("integration \(type)") }
        guard let settings = integration.auth.oauth2, settings.grants.contains(.authorizationCode) else {
            throw APIError(
                status: .unprocessableContent, code: "unsupported_auth", message: "integration \(type) has no OAuth 2.0 authorization flow",
                field: "integration_type")
        }
        guard let app = try await store.integrationApp(workspaceID: workspaceID, integrationType: type) else {
            throw APIError(
                status: .unprocessableContent, code: "integration_not_configured",
                message: "workspace \(workspaceID) has no OAuth app for \(type); configure one first", field: "integration_type")
        }
        let successRedirect = try Self.redirectParameter(query, "success_redirect")
        let failureRedirect = try Self.redirectParameter(query, "failure_redirect")
        var values: [String: String] = [:]
        if let connectionID = query.get("connection_id"), !connectionID.isEmpty {
            guard let existing = try await store.connection(id: connectionID, workspaceID: workspaceID), existing.integrationType == type else {
                throw APIError.notFound("connection \(connectionID)")
            }
            for (name, value) in existing.auth?.meta ?? [:] { if let text = value.stringValue { values[name] = text } }
        }
        if let subdomain = query.get("subdomain"), !subdomain.isEmpty { values["subdomain"] = subdomain }
        let requested = query.getAll("scopes").flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
        let scopes = requested.isEmpty ? (app.scopes ?? settings.scopes) : requested
        let pkce = settings.pkce ? PKCE.random() : nil
        let flow = AuthorizationFlow(
            workspaceID: workspaceID, integrationType: type, redirectURI: configuration.callbackURL, pkceVerifier: pkce?.verifier,
            scopes: scopes, values: values, successRedirect: successRedirect, failureRedirect: failureRedirect,
            callerState: query.get("state"), externalXref: query.get("external_xref"), environment: query.get("env"),
            connectionID: query.get("connection_id").flatMap { $0.isEmpty ? nil : $0 })
        do {
            for template in [settings.authorizeURL, settings.tokenURL].compactMap(\.self) { _ = try URLTemplate.fill(template, values: values) }
        } catch let missing as URLTemplate.MissingValue {
            throw APIError(
                status: .unprocessableContent, code: "missing_parameter", message: "\(type) needs \(missing.placeholder): \(missing)",
                field: missing.placeholder)
        } catch is URLTemplate.UnsafeURL {
            throw APIError(
                status: .unprocessableContent, code: "invalid_parameter", message: "subdomain is not a host name label", field: "subdomain")
        }
        let state = try await store.beginAuthorizationFlow(flow)
        let url = try AuthorizationRequest(
            clientID: app.clientID, redirectURI: configuration.callbackURL, state: state, scopes: scopes, pkce: pkce, values: values
        ).url(for: settings)
        context.logger.info("authorization started", metadata: ["integration_type": .string(type), "workspace_id": .string(workspaceID)])
        if query.get("redirect") == "true" || query.get("redirect") == "1" {
            return redirect(to: url, adding: [])
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: url)))
    }

    /// An absolute http(s) URL from the query, or `nil` when absent; anything else is 422.
    private static func redirectParameter(_ query: Parameters, _ name: String) throws -> String? {
        guard let value = query.get(name), !value.isEmpty else { return nil }
        guard ConnectionAuth.isAbsoluteHTTPURL(value) else {
            throw APIError(
                status: .unprocessableContent, code: "invalid_parameter", message: "query parameter \(name) must be an absolute http(s) URL",
                field: name)
        }
        return value
    }
}
