import Foundation
import Hummingbird
import HummingbirdTesting
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyServer
import LatchkeyStore
import LatchkeyTestSupport
import Logging
import Testing

/// A running Latchkey server on a real socket, over a fresh store, with one workspace and its API key.
struct ServerUnderTest: Sendable {
    let client: any TestClientProtocol
    let store: Store
    let apiKey: String
    let workspaceID: String
    let directory: TemporaryDirectory

    /// Sends a request with the workspace's API key, verbatim, unless `authorization` says otherwise.
    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, authorization: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        fields[.authorization] = authorization ?? apiKey
        if authorization == "" { fields[.authorization] = nil }
        if body != nil { fields[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) })
    }

    /// Creates a connection and answers its id.
    func createConnection(_ body: String) async throws -> String {
        let response = try await request(.post, "/unified/connection", body: body)
        try #require(response.status == .ok, "\(response.text)")
        return try #require(response.object["id"] as? String)
    }

    func connectionCount() async throws -> Int { try await store.connectionCount(workspaceID: workspaceID) }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: Any { (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) ?? NSNull() }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    var error: [String: Any] { object["error"] as? [String: Any] ?? [:] }
}

/// Runs `body` against a live server on `backend`; skips outside CI when PostgreSQL is absent.
func withServer(
    _ backend: TestBackend = .sqlite, logs: CapturedLogs? = nil, masterKey: MasterKey = .random(), maxBodySize: Int = 1 << 20,
    port: Int = 0, catalog: Catalog = .builtIn(), _ body: @Sendable (ServerUnderTest) async throws -> Void
) async throws {
    let directory = try TemporaryDirectory()
    guard let location = try await backend.freshLocation(in: directory) else { return }
    let logger = logs?.logger() ?? quietLogger
    let store = try await Store.open(location, masterKey: masterKey, logger: logger)
    let transport = HTTPClientTransport()
    do {
        let workspace = try await store.createWorkspace(name: "test")
        let application = LatchkeyApplication.make(
            store: store, catalog: catalog, transport: transport,
            configuration: .init(host: "127.0.0.1", port: port, maxBodySize: maxBodySize), logger: logger)
        try await application.test(.ahc(.http)) { client in
            try await body(
                ServerUnderTest(client: client, store: store, apiKey: workspace.apiKey, workspaceID: workspace.id, directory: directory))
        }
    } catch {
        await transport.shutdown()
        await store.close()
        throw error
    }
    await transport.shutdown()
    await store.close()
}

/// A connection body as Unified's Python SDK sends it: every field, numbers as floats, read-only fields included.
let sdkStyleConnection = """
    {"integration_type": "hubspot", "integration_name": "HubSpot", "categories": ["crm", "martech"], "permissions": ["crm_contact_read"],
     "environment": "Production", "external_xref": "user-42", "id": "ignored", "workspace_id": "ignored", "is_paused": false,
     "auth": {"access_token": "at-1", "refresh_token": "rt-1", "expires_in": 3600.0, "expiry_date": "2025-01-02T03:04:05Z",
              "token_url": "https://api.hubapi.com/oauth/v1/token", "client_id": "cid", "client_secret": "csecret",
              "meta": {"portal": 12345, "tags": ["a", null]}, "emails": ["owner@example.com"]}}
    """
