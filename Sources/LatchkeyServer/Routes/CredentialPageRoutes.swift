import Foundation
import Hummingbird
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyStore

/// `/connect/{state}`: the hosted page where an end user types in API keys, basic or other credentials. It needs no
/// API key (the browser opens it); the state in the address is the flow's unguessable, single-use name.
///
/// Submitting checks a CSRF token (a cookie scoped to the page, doubled in the form), that every value is there,
/// and, when the entry defines one, a verification request; then stores the connection and redirects to
/// `success_redirect` exactly like the OAuth callback. A refused value shows the form again, never the values.
struct CredentialPageRoutes {
    let store: Store
    let catalog: Catalog
    let transport: any OAuthTransport
    let configuration: ServerConfiguration

    static let csrfCookie = "latchkey_csrf"
    static let maximumFormSize = 64 * 1024

    func register(on router: Router<LatchkeyRequestContext>) {
        router.get("connect/:state", use: show)
        router.post("connect/:state", use: submit)
    }

    /// The flow and its integration, or the page to answer instead.
    private enum Lookup {
        case ready(AuthorizationFlow, Integration, AuthKind)
        case page(Response)
    }

    private func lookup(_ state: String) async throws -> Lookup {
        let flow: AuthorizationFlow
        switch try await store.authorizationFlow(state: state) {
        case .unknown:
            return .page(Self.notice("This link is not valid", "Start again from the application that sent you here.", status: .notFound))
        case .expired:
            return .page(Self.notice("This link has expired", "Start again from the application that sent you here.", status: .gone))
        case .reused:
            return .page(Self.notice("This link was already used", "The connection was made; you can close this page.", status: .gone))
        case .found(let found):
            flow = found
        }
        guard let kind = flow.enteredKind, let integration = catalog.integration(type: flow.integrationType) else {
            return .page(Self.notice("This link is not valid", "Start again from the application that sent you here.", status: .notFound))
        }
        return .ready(flow, integration, kind)
    }

    @Sendable func show(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let state = try context.parameters.require("state")
        switch try await lookup(state) {
        case .page(let response): return response
        case .ready(_, let integration, let kind): return form(integration, kind: kind, state: state)
        }
    }

    @Sendable func submit(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let state = try context.parameters.require("state")
        let (flow, integration, kind): (AuthorizationFlow, Integration, AuthKind)
        switch try await lookup(state) {
        case .page(let response): return response
        case .ready(let readyFlow, let readyIntegration, let readyKind): (flow, integration, kind) = (readyFlow, readyIntegration, readyKind)
        }
        let body = try await request.body.collect(upTo: Self.maximumFormSize)
        let fields = Dictionary(
            FormEncoding.decode(String(buffer: body)) ?? [], uniquingKeysWith: { first, _ in first })
        guard let cookie = request.cookies[Self.csrfCookie]?.value, let sent = fields["csrf_token"],
            Self.constantTimeEqual(cookie, sent)
        else {
            return form(integration, kind: kind, state: state, error: "This form expired. Enter the values again.", status: .forbidden)
        }
        let labels = CredentialPage.labels(for: integration, kind: kind)
        let values = labels.indices.map { (fields["value_\($0)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        if let missing = values.firstIndex(where: \.isEmpty) {
            return form(integration, kind: kind, state: state, error: "Enter \(labels[missing]).", status: .unprocessableContent)
        }
        let entered = integration.enteredAuth(kind: kind, values: values)
        if let verify = integration.auth.enteredCredentials(kind)?.verify {
            switch await CredentialVerification(transport: transport).verify(entered, kind: kind, integration: integration, request: verify) {
            case .accepted:
                break
            case .refused(let status, let answer):
                let detail = answer.isEmpty ? "" : ": \(answer)"
                return form(
                    integration, kind: kind, state: state,
                    error: "\(integration.name) did not accept these credentials (HTTP \(status))\(detail)", status: .unprocessableContent)
            case .unreachable:
                return form(
                    integration, kind: kind, state: state, error: "\(integration.name) could not be reached to check these credentials. Try again.",
                    status: .badGateway)
            case .unusable(let reason):
                return form(integration, kind: kind, state: state, error: "These values cannot be used: \(reason).", status: .unprocessableContent)
            }
        }
        let completion = AuthorizationCompletion(store: store)
        switch try await store.consumeAuthorizationFlow(state: state) {
        case .found:
            break
        case .expired(let expired):
            return completion.finish(expired, .failure(AuthorizationFailure(code: "expired_state")), logger: context.logger)
        case .reused(let reused):
            return completion.finish(reused, .failure(AuthorizationFailure(code: "reused_state")), logger: context.logger)
        case .unknown:
            return Self.notice("This link is not valid", "Start again from the application that sent you here.", status: .notFound)
        }
        let connection = try await completion.save(flow, integration: integration, now: Date()) { previous in
            var auth = entered
            auth.meta = previous?.meta
            return auth
        }
        return completion.finish(flow, .success(connection.id), logger: context.logger)
    }

    /// The form with a fresh CSRF token, set in a cookie scoped to this page.
    private func form(
        _ integration: Integration, kind: AuthKind, state: String, error: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let token = Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max) })
        let path = "/connect/" + state
        let page = CredentialPage(integration: integration, action: path, csrfToken: token, error: error)
        var response = CredentialPage.response(page.render(kind: kind), status: status)
        response.setCookie(
            Cookie(
                name: Self.csrfCookie, value: token, maxAge: Int(Store.authorizationFlowLifetime), path: path,
                secure: configuration.publicBaseURL.hasPrefix("https://"), httpOnly: true, sameSite: .strict))
        return response
    }

    private static func notice(_ title: String, _ message: String, status: HTTPResponse.Status) -> Response {
        let integration = Integration(type: "latchkey", name: "", categories: [], auth: IntegrationAuth())
        var page = CredentialPage(integration: integration, title: title, message: message)
        page.showForm = false
        return CredentialPage.response(page.render(kind: .token), status: status)
    }

    private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
