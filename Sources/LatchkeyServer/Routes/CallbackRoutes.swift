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

    func register(on router: Router<LatchkeyRequestContext>) {
        router.get("oauth/callback", use: callback)
    }

    /// Why a callback failed, as the `error` appended to `failure_redirect`.
    struct Failure: Error {
        let code: String
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
            return finish(expired, .failure(Failure(code: "expired_state")), logger: context.logger)
        case .reused(let reused):
            return finish(reused, .failure(Failure(code: "reused_state")), logger: context.logger)
        case .found(let found):
            flow = found
        }
        do {
            if let providerError = query.get("error") {
                throw Failure(code: Self.sanitized(providerError))
            }
            let connection: Connection
            if flow.temporaryToken != nil {
                connection = try await completeOAuth1(flow, query: query)
            } else {
                guard let code = query.get("code"), !code.isEmpty else { throw Failure(code: "missing_code") }
                connection = try await complete(flow, code: code, query: query)
            }
            return finish(flow, .success(connection.id), logger: context.logger)
        } catch let failure as Failure {
            return finish(flow, .failure(failure), logger: context.logger)
        }
    }

    /// Exchanges the code and stores the connection: a new one, or the one being re-authorized.
    private func complete(_ flow: AuthorizationFlow, code: String, query: Parameters) async throws -> Connection {
        guard let integration = catalog.integration(type: flow.integrationType), let settings = integration.auth.oauth2 else {
            throw Failure(code: "unknown_integration")
        }
        guard let app = try await store.integrationApp(workspaceID: flow.workspaceID, integrationType: flow.integrationType) else {
            throw Failure(code: "integration_not_configured")
        }
        let tokenURL: String
        do {
            tokenURL = try URLTemplate.fill(settings.tokenURL, values: flow.values)
        } catch {
            throw Failure(code: "invalid_token_url")
        }
        let exchange = TokenRequest.authorizationCode(
            code, redirectURI: flow.redirectURI, verifier: flow.pkceVerifier,
            client: OAuthClient(id: app.clientID, secret: app.clientSecret, authentication: settings.tokenRequestAuth), tokenURL: tokenURL,
            extra: settings.tokenParameters)
        let answer: IncomingResponse
        do {
            answer = try await transport.send(exchange)
        } catch {
            throw Failure(code: "provider_unavailable")
        }
        let token: TokenResponse
        switch TokenResponse.process(answer) {
        case .success(let success): token = success
        case .failure(let error): throw Failure(code: error.code)
        }
        let now = Date()
        let callbackValues = Dictionary(
            settings.keepCallbackParameters.keys.compactMap { name in query.get(name).map { (name, JSONValue.string($0)) } },
            uniquingKeysWith: { first, _ in first })
        return try await save(flow, integration: integration, now: now) { previous in
            (previous ?? ConnectionAuth()).applying(token, now: now, keeping: settings.keepTokenFields)
                .keeping(callbackValues, as: settings.keepCallbackParameters)
        }
    }

    /// OAuth 1.0a: checks that the provider came back for the flow's temporary token, exchanges the verifier for
    /// token credentials and stores them with the consumer key (its secret stays with the app).
    private func completeOAuth1(_ flow: AuthorizationFlow, query: Parameters) async throws -> Connection {
        guard let integration = catalog.integration(type: flow.integrationType), let settings = integration.auth.oauth1 else {
            throw Failure(code: "unknown_integration")
        }
        if query.get("denied") != nil { throw Failure(code: "access_denied") }
        guard let temporaryToken = flow.temporaryToken, query.get("oauth_token") == temporaryToken else { throw Failure(code: "token_mismatch") }
        guard let verifier = query.get("oauth_verifier"), !verifier.isEmpty else { throw Failure(code: "missing_verifier") }
        guard let app = try await store.integrationApp(workspaceID: flow.workspaceID, integrationType: flow.integrationType) else {
            throw Failure(code: "integration_not_configured")
        }
        let accessTokenURL: String
        do {
            accessTokenURL = try URLTemplate.fill(settings.accessTokenURL, values: flow.values)
        } catch {
            throw Failure(code: "invalid_token_url")
        }
        let consumer = OAuth1Signer(
            consumerKey: app.clientID, consumerSecret: app.clientSecret,
            signatureMethod: OAuth1Signer.SignatureMethod(rawValue: settings.signatureMethod) ?? .hmacSHA1, realm: settings.realm)
        let temporary = OAuth1Flow.Credentials(token: temporaryToken, secret: flow.temporaryTokenSecret ?? "")
        let answer: IncomingResponse
        do {
            answer = try await transport.send(
                try OAuth1Flow.tokenCredentialsRequest(url: accessTokenURL, consumer: consumer, temporary: temporary, verifier: verifier))
        } catch {
            throw Failure(code: "provider_unavailable")
        }
        let credentials: OAuth1Flow.Credentials
        switch OAuth1Flow.credentials(from: answer) {
        case .success(let success): credentials = success
        case .failure(let error): throw Failure(code: error.code)
        }
        return try await save(flow, integration: integration, now: Date()) { previous in
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

    /// Stores what an authorization gave: a new connection, or the one being re-authorized, made healthy again.
    /// `authorized` turns the previous auth (if any) into the new one; the flow's placeholder values join `meta`.
    private func save(
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
            guard let updated else { throw Failure(code: "connection_not_found") }
            return updated
        }
        let draft = ConnectionDraft(
            integrationType: flow.integrationType, integrationName: integration.name, categories: integration.categories, permissions: [],
            auth: authorized(nil), environment: flow.environment, externalXref: flow.externalXref)
        return try await store.insertConnection(workspaceID: flow.workspaceID, draft: draft, now: now)
    }

    private func finish(_ flow: AuthorizationFlow, _ outcome: Result<String, Failure>, logger: Logger) -> Response {
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

    /// A provider's `error` value, kept to the characters an OAuth error code may have.
    private static func sanitized(_ code: String) -> String {
        let kept = code.prefix(64).filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }
        return kept.isEmpty ? "authorization_denied" : String(kept)
    }
}
