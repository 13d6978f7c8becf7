import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyRefresh
import LatchkeyServer
import LatchkeyStore
import LatchkeyTestSupport
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import ServiceLifecycle
import Testing

/// A running Latchkey server on a real socket at a port known before it starts, over a fresh store, with one
/// workspace and its API key. Its client never follows redirects: tests see each 302 as a browser would.
struct ServerUnderTest: Sendable {
    let client: HTTPClient
    let port: Int
    let store: Store
    let apiKey: String
    let workspaceID: String
    let directory: TemporaryDirectory
    /// Where the store is.
    let location: StoreLocation
    /// Every URL the server asked its transport to reach.
    let transport: LoopbackOnlyTransport

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Sends a request with the workspace's API key, verbatim, unless `authorization` says otherwise (`""`: none).
    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, authorization: String? = nil,
        contentType: String = "application/json", headers extra: [String: String] = [:]
    ) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method.rawValue)
        let key = authorization ?? apiKey
        if !key.isEmpty { request.headers.add(name: "authorization", value: key) }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "content-type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        var headers = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        let collected = try await response.body.collect(upTo: 16 << 20)
        return HTTPResult(status: HTTPResponse.Status(code: Int(response.status.code)), headers: headers, body: collected)
    }

    /// Creates a connection and answers its id.
    func createConnection(_ body: String) async throws -> String {
        let response = try await request(.post, "/unified/connection", body: body)
        try #require(response.status == .ok, "\(response.text)")
        return try #require(response.object["id"] as? String)
    }

    func connectionCount() async throws -> Int { try await store.connectionCount(workspaceID: workspaceID) }
}

/// An answer of the server under test.
struct HTTPResult: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer

    var text: String { String(buffer: body) }
    var json: Any { (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? NSNull() }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    var error: [String: Any] { object["error"] as? [String: Any] ?? [:] }
}

/// Runs `body` against a live server on `backend`, keeping opened connections in memory as `latchkey serve` does;
/// skips outside CI when PostgreSQL is absent.
func withServer(
    _ backend: TestBackend = .sqlite, logs: CapturedLogs? = nil, masterKey: MasterKey = .random(), maxBodySize: Int = 1 << 20,
    port: Int? = nil, catalog: Catalog = .builtIn(), refreshMargin: TimeInterval = 300, refreshWait: TimeInterval = Refresher.defaultReaderWait,
    relayConnectionsPerEndpoint: Int = HTTPClientTransport.defaultConnectionsPerHost, relayIdleTimeout: Duration = .seconds(60),
    upstreamTLS: TLSConfiguration = .makeClientConfiguration(), connectionCache: ConnectionCacheSettings = ConnectionCacheSettings(),
    configure: (inout ServerConfiguration) -> Void = { _ in }, _ body: @Sendable (ServerUnderTest) async throws -> Void
) async throws {
    let directory = try TemporaryDirectory()
    guard let location = try await backend.freshLocation(in: directory) else { return }
    let logger = logs?.logger() ?? quietLogger
    let store = try await Store.open(location, masterKey: masterKey, connectionCache: connectionCache, database: .underTestLoad, logger: logger)
    let base = HTTPClientTransport(tls: upstreamTLS)
    let transport = LoopbackOnlyTransport(
        base: base, relayConnectionsPerEndpoint: relayConnectionsPerEndpoint, relayIdleTimeout: relayIdleTimeout, tls: upstreamTLS)
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
    do {
        let workspace = try await store.createWorkspace(name: "test")
        let port = try port ?? freeLoopbackPort()
        let metrics = LatchkeyMetrics()
        let refresher = Refresher(
            store: store, catalog: catalog, transport: transport, margin: refreshMargin, readerWait: refreshWait, logger: logger,
            metrics: metrics.factory)
        var configuration = ServerConfiguration(host: "127.0.0.1", port: port, maxBodySize: maxBodySize)
        configure(&configuration)
        let application = LatchkeyApplication.make(
            store: store, catalog: catalog, transport: transport, refresher: refresher, configuration: configuration, metrics: metrics,
            logger: logger)
        let services = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let server = ServerUnderTest(
            client: client, port: port, store: store, apiKey: workspace.apiKey, workspaceID: workspace.id, directory: directory,
            location: location, transport: transport)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            do {
                try await waitUntilListening(server)
                try await body(server)
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    } catch {
        try? await client.shutdown()
        await transport.shutdown()
        await store.close()
        throw error
    }
    try? await client.shutdown()
    await transport.shutdown()
    await store.close()
}

private func waitUntilListening(_ server: ServerUnderTest) async throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while true {
        // An authenticated request proves the answer comes from this server, not another one on a reused port.
        // Reads are answered from memory only once the store follows changes: wait for that too, so tests see one behaviour.
        if let list = try? await server.request(.get, "/unified/connection?limit=1"), list.status == .ok,
            server.store.isFollowingConnectionChanges
        {
            return
        }
        guard ContinuousClock.now < deadline else { throw TestSetupError("the server did not start listening on \(server.port)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// A connection body as Unified's Python SDK sends it: every field, numbers as floats, read-only fields included.
let sdkStyleConnection = """
    {"integration_type": "hubspot", "integration_name": "HubSpot", "categories": ["crm", "martech"], "permissions": ["crm_contact_read"],
     "environment": "Production", "external_xref": "user-42", "id": "ignored", "workspace_id": "ignored", "is_paused": false,
     "auth": {"access_token": "at-1", "refresh_token": "rt-1", "expires_in": 3600.0, "expiry_date": "2035-01-02T03:04:05Z",
              "token_url": "http://127.0.0.1:9/oauth/v1/token", "client_id": "cid", "client_secret": "csecret",
              "meta": {"portal": 12345, "tags": ["a", null]}, "emails": ["owner@example.com"]}}
    """
