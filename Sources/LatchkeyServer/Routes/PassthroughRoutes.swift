import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyRefresh
import LatchkeyStore
import NIOCore
import NIOHTTP1

/// `/passthrough/{connection_id}/{path}`: calls the connection's API with its credentials applied, streaming bodies
/// both ways. The path is relative to the API base (`auth.api_url`, else the integration's `api_url` filled with
/// the connection's values); the query passes unchanged; the answer comes back as the upstream sent it, less
/// hop-by-hop headers. Redirects are answered, never followed.
///
/// A token is refreshed first when it expires within the margin. When the upstream answers 401 and the body can be
/// sent again (none, or one small enough to have been kept), the token is refreshed once and the call tried once
/// more.
struct PassthroughRoutes {
    let store: Store
    let catalog: Catalog
    let refresher: Refresher
    let transport: any UpstreamTransport
    let configuration: ServerConfiguration
    let metrics: LatchkeyMetrics

    /// Bodies up to this size are read before the call, so that they can be signed (OAuth 1.0a forms) and replayed.
    static let replayableBodySize = 1 << 20
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head, .options]

    func register(on group: RouterGroup<LatchkeyRequestContext>) {
        for method in Self.methods {
            group.on(":id", method: method, use: forward)
            group.on(":id/**", method: method, use: forward)
        }
    }

    @Sendable func forward(_ request: Request, context: LatchkeyRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let target = try PassthroughTarget(remainder: Self.remainder(of: request.head.path ?? "", after: id))
        let headers = try ForwardedHeaders.request(request.headers, limit: configuration.passthroughMaxHeaderSize)
        guard let record = try await store.recentConnectionRecord(id: id, workspaceID: try context.requireWorkspace()) else {
            throw APIError.notFound("the connection")
        }
        let connection = try await fresh(record, force: false)
        guard let integration = catalog.integration(type: connection.integrationType) else {
            throw APIError(
                status: .unprocessableContent, code: "unknown_integration",
                message: "the connection's integration is not in the catalog, so its credentials cannot be applied",
                field: "integration_type")
        }
        let url = try target.url(under: try apiBase(of: connection, integration: integration))
        let body = try await RequestBodyPlan(request, limit: configuration.passthroughMaxBodySize, keepUpTo: Self.replayableBodySize)

        var current = connection
        var response = try await call(request.method, url: url, headers: headers, body: body, connection: current, integration: integration)
        if response.status == .unauthorized, body.isReplayable, refresher.canRefresh(connection) {
            await Self.discard(response)
            current = try await refreshedAfterRefusal(record)
            response = try await call(request.method, url: url, headers: headers, body: body, connection: current, integration: integration)
        }
        if let retry = integration.passthrough?.retry, body.isReplayable {
            var attempt = 1
            while attempt <= retry.retries, retry.statuses.contains(Int(response.status.code)),
                let delay = retry.delay(afterAttempt: attempt, retryAfterSeconds: Self.retryAfter(response.headers))
            {
                await Self.discard(response)
                try await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
                response = try await call(request.method, url: url, headers: headers, body: body, connection: current, integration: integration)
                attempt += 1
            }
        }
        return Response(
            status: .init(code: Int(response.status.code), reasonPhrase: response.status.reasonPhrase),
            headers: ForwardedHeaders.response(response.headers),
            body: request.method == .head ? ResponseBody() : ResponseBody(asyncSequence: response.body))
    }

    /// The credentials to retry with after the upstream refused `record`'s: those stored meanwhile, if the record
    /// read from memory was older than the database, else new ones refreshed now.
    func refreshedAfterRefusal(_ record: ConnectionRecord) async throws -> Connection {
        let id = record.connection.id
        guard let stored = try await store.connectionRecord(id: id, workspaceID: record.connection.workspaceID) else {
            throw APIError.notFound("the connection")
        }
        return try await fresh(stored, force: stored.version == record.version)
    }

    private func fresh(_ record: ConnectionRecord, force: Bool) async throws -> Connection {
        do {
            return try await refresher.fresh(record, force: force)
        } catch let error as RefreshError {
            throw APIError.from(refreshError: error)
        }
    }

    /// One call upstream, counted in the metrics.
    private func call(
        _ method: HTTPRequest.Method, url: String, headers: [String: String], body: RequestBodyPlan, connection: Connection, integration: Integration
    ) async throws -> HTTPClientResponse {
        let started = ContinuousClock.now
        do {
            let response = try await send(method, url: url, headers: headers, body: body, connection: connection, integration: integration)
            metrics.passthrough(integration: integration.type, status: Int(response.status.code), upstreamDuration: started.duration(to: .now))
            return response
        } catch let error as APIError {
            metrics.passthrough(integration: integration.type, status: Int(error.status.code), upstreamDuration: nil)
            throw error
        }
    }

    /// One call upstream with the credentials applied to it.
    private func send(
        _ method: HTTPRequest.Method, url: String, headers: [String: String], body: RequestBodyPlan, connection: Connection, integration: Integration
    ) async throws -> HTTPClientResponse {
        let auth = connection.auth ?? ConnectionAuth()
        var outgoing = OutgoingRequest(method: method.rawValue, url: url, headers: headers, body: body.kept ?? [])
        let app =
            auth.consumerKey != nil && auth.consumerSecret == nil
            ? try await store.integrationApp(workspaceID: connection.workspaceID, integrationType: connection.integrationType) : nil
        do {
            try await CredentialApplier.apply(auth, integration: integration, app: app, to: &outgoing)
        } catch let error as CredentialApplier.ApplyError {
            throw APIError(status: .unprocessableContent, code: "credentials_not_applicable", message: error.description)
        }
        var request = HTTPClientRequest(url: outgoing.url)
        request.method = HTTPMethod(rawValue: method.rawValue)
        for (name, value) in outgoing.headers.sorted(by: { $0.key < $1.key }) { request.headers.add(name: name, value: value) }
        request.body = body.clientBody()
        do {
            return try await transport.execute(
                request, timeout: .nanoseconds(Int64(configuration.upstreamTimeout.components.seconds) * 1_000_000_000))
        } catch is LimitedBody<RequestBody>.TooLarge {
            throw APIError.bodyTooLarge
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw APIError.upstreamTimeout(integration, after: configuration.upstreamTimeout)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.unreachable(integration)
        }
    }

    /// The API base (see `APIBase`), or a 422 saying why there is none.
    private func apiBase(of connection: Connection, integration: Integration) throws -> String {
        do {
            return try APIBase.url(for: connection.auth, integration: integration)
        } catch .none {
            throw APIError(status: .unprocessableContent, code: "no_api_url", message: "\(integration.name) has no api_url")
        } catch .missingValue(let placeholder) {
            throw APIError(
                status: .unprocessableContent, code: "missing_parameter", message: "the API base needs a value for {\(placeholder)}",
                field: placeholder)
        } catch {
            throw APIError(status: .unprocessableContent, code: "invalid_api_url", message: "the connection's API base is not a safe URL")
        }
    }

    /// Reads and drops an answer that will not be passed back, so its connection can serve the next call.
    private static func discard(_ response: HTTPClientResponse) async {
        _ = try? await response.body.collect(upTo: 1 << 20)
    }

    /// `Retry-After` in seconds from now: delta-seconds or an HTTP date (RFC 9110 section 10.2.3).
    static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        guard let value = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    /// What follows `/passthrough/{id}` in the request target.
    static func remainder(of target: String, after id: String) -> Substring {
        let prefix = "/passthrough/" + id
        guard target.hasPrefix(prefix) else { return "" }
        return target.dropFirst(prefix.count)
    }
}

/// How a passthrough call's request body is sent: kept in memory when small (so it can be signed and replayed),
/// streamed otherwise, within the body limit either way.
struct RequestBodyPlan {
    let kept: [UInt8]?
    private let stream: LimitedBody<RequestBody>?
    private let length: Int?

    var isReplayable: Bool { stream == nil }

    init(_ request: Request, limit: Int, keepUpTo keepLimit: Int) async throws {
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > limit { throw APIError.bodyTooLarge }
        let chunked = request.headers[.transferEncoding] != nil
        if declared == nil && !chunked || declared == 0 {
            kept = nil
            stream = nil
            length = nil
        } else if let declared, declared <= keepLimit {
            let buffer = try await request.body.collect(upTo: keepLimit)
            kept = Array(buffer: buffer)
            stream = nil
            length = declared
        } else {
            kept = nil
            stream = LimitedBody(base: request.body, limit: limit)
            length = declared
        }
    }

    func clientBody() -> HTTPClientRequest.Body? {
        if let kept { return kept.isEmpty ? nil : .bytes(ByteBuffer(bytes: kept)) }
        guard let stream else { return nil }
        return .stream(stream, length: length.map { .known(Int64($0)) } ?? .unknown)
    }
}
