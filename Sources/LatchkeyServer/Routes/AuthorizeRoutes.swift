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
    let transport: any OAuthTransport

    func register(on router: Router<LatchkeyRequestContext>) {
        router.get("unified/integration/auth/:workspace_id/:integration_type", use: authorize)
    }

    /// What every kind of authorization starts from: the caller's workspace, redirects and values.
    struct Start {
        let workspaceID: String
        let integration: Integration
        let query: Parameters
        let successRedirect: String?
        let failureRedirect: String?
        /// Values for the integration's URL placeholders: the re-authorized connection's `meta`, then `subdomain`.
        let values: [String: String]

        func flow(redirectURI: String, pkceVerifier: String? = nil, scopes: [String] = []) -> AuthorizationFlow {
            AuthorizationFlow(
                workspaceID: workspaceID, integrationType: integration.type, redirectURI: redirectURI, pkceVerifier: pkceVerifier,
                scopes: scopes, values: values, successRedirect: successRedirect, failureRedirect: failureRedirect,
                callerState: query.get("state"), externalXref: query.get("external_xref"), environment: query.get("env"),
                connectionID: query.get("connection_id").flatMap { $0.isEmpty ? nil : $0 })
        }

        /// `template` filled with `values`, or a 422 naming what is missing.
        func fill(_ template: String) throws -> String {
            do {
                return try URLTemplate.fill(template, values: values)
            } catch let missing as URLTemplate.MissingValue {
                throw APIError(
                    status: .unprocessableContent, code: "missing_parameter",
                    message: "\(integration.name) needs \(missing.placeholder): \(missing)", field: missing.placeholder)
            } catch {
                throw APIError(
                    status: .unprocessableContent, code: "invalid_parameter", message: "subdomain is not a host name label", field: "subdomain")
            }
        }
    }

    @Sendable func authorize(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let workspaceID = try context.parameters.require("workspace_id")
        let type = try context.parameters.require("integration_type")
        let query = request.uri.queryParameters
        guard let workspace = try await store.workspace(id: workspaceID) else { throw APIError.notFound("the workspace") }
        guard let integration = catalog.integration(type: type) else { throw APIError.notFound("the integration") }
        let successRedirect = try Self.redirectParameter(query, "success_redirect")
        let failureRedirect = try Self.redirectParameter(query, "failure_redirect")
        var values: [String: String] = [:]
        if let connectionID = query.get("connection_id"), !connectionID.isEmpty {
            guard let existing = try await store.connection(id: connectionID, workspaceID: workspaceID), existing.integrationType == type else {
                throw APIError.notFound("the connection")
            }
            for (name, value) in existing.auth?.meta ?? [:] { if let text = value.stringValue { values[name] = text } }
        }
        if let subdomain = query.get("subdomain"), !subdomain.isEmpty { values["subdomain"] = subdomain }
        let start = Start(
            workspaceID: workspaceID, integration: integration, query: query, successRedirect: successRedirect,
            failureRedirect: failureRedirect, values: values)
        let url: String
        switch try Self.kind(of: integration, requested: query.get("auth_kind")) {
        case .oauth2:
            url = try await startOAuth2(start, settings: integration.auth.oauth2!)
        case .oauth1:
            url = try await startOAuth1(start, settings: integration.auth.oauth1!)
        case let kind:
            url = try await startEntered(start, kind: kind)
        }
        context.logger.info(
            "authorization started", metadata: ["integration_type": .string(integration.type), "workspace_id": .string(workspace.id)])
        if query.get("redirect") == "true" || query.get("redirect") == "1" {
            return redirect(to: url, adding: [])
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: url)))
    }

    /// The kind to authorize: `auth_kind` when the caller names one, else the integration's first kind an end user can
    /// authorize in a browser (OAuth 2.0 authorization code, OAuth 1.0a, or typing credentials in).
    static func kind(of integration: Integration, requested: String?) throws -> AuthKind {
        let browserKinds = integration.auth.kinds.filter { $0 != .oauth2ClientCredentials }
        if let requested, !requested.isEmpty {
            guard let kind = AuthKind(rawValue: requested), browserKinds.contains(kind) else {
                throw APIError(
                    status: .unprocessableContent, code: "invalid_parameter",
                    message: "auth_kind must be one of \(browserKinds.map(\.rawValue).joined(separator: ", ")) for \(integration.name)",
                    field: "auth_kind")
            }
            return kind
        }
        guard let kind = browserKinds.first else {
            throw APIError(
                status: .unprocessableContent, code: "unsupported_auth",
                message: "\(integration.name) has no authorization flow an end user can complete", field: "integration_type")
        }
        return kind
    }

    /// API keys, basic and other: a flow under a new state, and the address of Latchkey's own page that asks for the
    /// values.
    private func startEntered(_ start: Start, kind: AuthKind) async throws -> String {
        var flow = start.flow(redirectURI: configuration.publicBaseURL + "/connect")
        flow.enteredKind = kind
        let state = try await store.beginAuthorizationFlow(flow)
        return configuration.publicBaseURL + "/connect/" + state
    }

    /// The workspace's app for the integration, or a 422 saying to configure one.
    private func app(for start: Start) async throws -> IntegrationApp {
        guard let app = try await store.integrationApp(workspaceID: start.workspaceID, integrationType: start.integration.type) else {
            throw APIError(
                status: .unprocessableContent, code: "integration_not_configured",
                message: "the workspace has no app for \(start.integration.name); configure one first",
                field: "integration_type")
        }
        return app
    }

    /// OAuth 2.0: a flow with PKCE under a new state, and the provider's authorize URL.
    private func startOAuth2(_ start: Start, settings: OAuth2Settings) async throws -> String {
        let app = try await app(for: start)
        let requested = start.query.getAll("scopes").flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
        let scopes = requested.isEmpty ? (app.scopes ?? settings.scopes) : requested
        let pkce = settings.pkce ? PKCE.random() : nil
        for template in [settings.authorizeURL, settings.tokenURL].compactMap(\.self) { _ = try start.fill(template) }
        let flow = start.flow(redirectURI: configuration.callbackURL, pkceVerifier: pkce?.verifier, scopes: scopes)
        let state = try await store.beginAuthorizationFlow(flow)
        return try AuthorizationRequest(
            clientID: app.clientID, redirectURI: configuration.callbackURL, state: state, scopes: scopes, pkce: pkce, values: start.values
        ).url(for: settings)
    }

    /// OAuth 1.0a: temporary credentials from the provider, kept sealed in the flow, and the provider's authorize URL
    /// for them. The callback URL carries the flow's state, which the provider hands back.
    private func startOAuth1(_ start: Start, settings: OAuth1Settings) async throws -> String {
        let app = try await app(for: start)
        let requestTokenURL = try start.fill(settings.requestTokenURL)
        let authorizeURL = try start.fill(settings.authorizeURL)
        _ = try start.fill(settings.accessTokenURL)
        let state = Store.newAuthorizationState()
        let callback = configuration.callbackURL + "?state=" + FormEncoding.escape(state)
        let consumer = OAuth1Signer(consumerKey: app.clientID, consumerSecret: app.clientSecret, settings: settings)
        let answer: IncomingResponse
        do {
            answer = try await transport.send(
                try OAuth1Flow.temporaryCredentialsRequest(url: requestTokenURL, consumer: consumer, callback: callback))
        } catch {
            throw APIError(
                status: .badGateway, code: "provider_unavailable", message: "the provider's request token endpoint cannot be reached")
        }
        let temporary: OAuth1Flow.Credentials
        switch OAuth1Flow.credentials(from: answer, confirmingCallback: true) {
        case .success(let credentials): temporary = credentials
        case .failure(let error):
            throw APIError(
                status: .badGateway, code: "provider_error", message: "the provider refused temporary credentials: \(error.code)")
        }
        var flow = start.flow(redirectURI: callback)
        flow.temporaryToken = temporary.token
        flow.temporaryTokenSecret = temporary.secret
        _ = try await store.beginAuthorizationFlow(flow, state: state)
        return OAuth1Flow.authorizationURL(authorizeURL, temporaryToken: temporary.token)
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
