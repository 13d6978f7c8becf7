import Foundation
import Hummingbird
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyStore
import Logging

/// `GET /oauth/callback`: where providers send end users back. Checks the state, exchanges the code, stores the
/// connection, and redirects to the caller's `success_redirect` with `id` and its `state`; every failure redirects
/// to `failure_redirect` with `error`, and stores nothing.
struct CallbackRoutes {
    let store: Store
    let catalog: Catalog
    let transport: any OAuthTransport
    var completion: AuthorizationCompletion { AuthorizationCompletion(store: store) }

    func register(on router: Router<LatchkeyRequestContext>) {
        router.get("oauth/callback", use: callback)
    }

    @Sendable func callback(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let state = query.get("state"), !state.isEmpty else {
            throw APIError(status: .badRequest, code: "invalid_state", message: "the callback has no state", field: "state")
        }
        let flow: AuthorizationFlow
        switch try await store.consumeAuthorizationFlow(state: state) {
        case .unknown:
            throw APIError(
                status: .badRequest, code: "invalid_state", message: "the state is unknown; start the authorization again",
                field: "state")
        case .expired(let expired):
            return completion.finish(expired, .failure(AuthorizationFailure(code: "expired_state")), logger: context.logger)
        case .reused(let reused):
            return completion.finish(reused, .failure(AuthorizationFailure(code: "reused_state")), logger: context.logger)
        case .found(let found):
            flow = found
        }
        do {
            if let providerError = query.get("error") {
                throw AuthorizationFailure(code: Self.sanitized(providerError))
            }
            let connection: Connection
            if flow.temporaryToken != nil {
                connection = try await completeOAuth1(flow, query: query)
            } else {
                guard let code = query.get("code"), !code.isEmpty else { throw AuthorizationFailure(code: "missing_code") }
                connection = try await complete(flow, code: code, query: query)
            }
            return completion.finish(flow, .success(connection.id), logger: context.logger)
        } catch let failure as AuthorizationFailure {
            return completion.finish(flow, .failure(failure), logger: context.logger)
        }
    }

    /// Exchanges the code and stores the connection: a new one, or the one being re-authorized.
    private func complete(_ flow: AuthorizationFlow, code: String, query: Parameters) async throws -> Connection {
        guard let integration = catalog.integration(type: flow.integrationType), let settings = integration.auth.oauth2 else {
            throw AuthorizationFailure(code: "unknown_integration")
        }
        let app = try await app(for: flow)
        let tokenURL = try Self.fill(settings.tokenURL, flow: flow)
        let exchange = TokenRequest.authorizationCode(
            code, redirectURI: flow.redirectURI, verifier: flow.pkceVerifier,
            client: OAuthClient(id: app.clientID, secret: app.clientSecret, authentication: settings.tokenRequestAuth), tokenURL: tokenURL,
            extra: settings.tokenParameters, style: settings.tokenEndpointStyle)
        let answer: IncomingResponse
        do {
            answer = try await transport.send(exchange)
        } catch {
            throw AuthorizationFailure(code: "provider_unavailable")
        }
        let token: TokenResponse
        switch TokenResponse.process(answer) {
        case .success(let success): token = success
        case .failure(let error): throw AuthorizationFailure(code: error.code)
        }
        let now = Date()
        let callbackValues = Dictionary(
            settings.keepCallbackParameters.keys.compactMap { name in query.get(name).map { (name, JSONValue.string($0)) } },
            uniquingKeysWith: { first, _ in first })
        return try await completion.save(flow, integration: integration, now: now) { previous in
            (previous ?? ConnectionAuth()).applying(token, now: now, keeping: settings.keepTokenFields)
                .keeping(callbackValues, as: settings.keepCallbackParameters)
        }
    }

    /// OAuth 1.0a: checks that the provider came back for the flow's temporary token, exchanges the verifier for
    /// token credentials and stores them with the consumer key (its secret stays with the app).
    private func completeOAuth1(_ flow: AuthorizationFlow, query: Parameters) async throws -> Connection {
        guard let integration = catalog.integration(type: flow.integrationType), let settings = integration.auth.oauth1 else {
            throw AuthorizationFailure(code: "unknown_integration")
        }
        if query.get("denied") != nil { throw AuthorizationFailure(code: "access_denied") }
        guard let temporaryToken = flow.temporaryToken, query.get("oauth_token") == temporaryToken else {
            throw AuthorizationFailure(code: "token_mismatch")
        }
        guard let verifier = query.get("oauth_verifier"), !verifier.isEmpty else { throw AuthorizationFailure(code: "missing_verifier") }
        let app = try await app(for: flow)
        let accessTokenURL = try Self.fill(settings.accessTokenURL, flow: flow)
        let consumer = OAuth1Signer(consumerKey: app.clientID, consumerSecret: app.clientSecret, settings: settings)
        let temporary = OAuth1Flow.Credentials(token: temporaryToken, secret: flow.temporaryTokenSecret ?? "")
        let answer: IncomingResponse
        do {
            answer = try await transport.send(
                try OAuth1Flow.tokenCredentialsRequest(url: accessTokenURL, consumer: consumer, temporary: temporary, verifier: verifier))
        } catch {
            throw AuthorizationFailure(code: "provider_unavailable")
        }
        let credentials: OAuth1Flow.Credentials
        switch OAuth1Flow.credentials(from: answer) {
        case .success(let success): credentials = success
        case .failure(let error): throw AuthorizationFailure(code: error.code)
        }
        return try await completion.save(flow, integration: integration, now: Date()) { previous in
            var auth = previous ?? ConnectionAuth()
            auth.consumerKey = app.clientID
            auth.consumerSecret = nil
            auth.token = credentials.token
            auth.key = credentials.secret
            if !credentials.extra.isEmpty {
                var meta = auth.meta ?? [:]
                for (name, value) in credentials.extra { meta[name] = .string(value) }
                auth.meta = meta
            }
            return auth
        }
    }

    /// The workspace's app for the flow's integration.
    private func app(for flow: AuthorizationFlow) async throws -> IntegrationApp {
        guard let app = try await store.integrationApp(workspaceID: flow.workspaceID, integrationType: flow.integrationType) else {
            throw AuthorizationFailure(code: "integration_not_configured")
        }
        return app
    }

    /// An endpoint of the integration with the flow's placeholder values.
    private static func fill(_ template: String, flow: AuthorizationFlow) throws -> String {
        do {
            return try URLTemplate.fill(template, values: flow.values)
        } catch {
            throw AuthorizationFailure(code: "invalid_token_url")
        }
    }

    /// A provider's `error` value, kept to the characters an OAuth error code may have.
    private static func sanitized(_ code: String) -> String {
        let kept = code.prefix(64).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }
        return kept.isEmpty ? "authorization_denied" : String(kept)
    }
}
