import Foundation
import Hummingbird
import LatchkeyRefresh
import LatchkeyServer
import LatchkeyStore
import LatchkeyTestSupport
import Testing

@Suite struct OpenAPIDocumentTests {
    /// Every route the router serves, as `METHOD /path/{param}`.
    static func servedOperations() async throws -> Set<String> {
        let directory = try TemporaryDirectory()
        let store = try await Store.open(.sqlite(path: directory.path("l.sqlite")), masterKey: .random(), logger: quietLogger)
        let transport = HTTPClientTransport()
        let refresher = Refresher(store: store, catalog: .builtIn(), transport: transport, logger: quietLogger)
        let routes = LatchkeyApplication.router(store: store, transport: transport, refresher: refresher).routes
        await transport.shutdown()
        await store.close()
        return Set(
            routes.map { route in
                let path = route.path.description.split(separator: "/").map { component in
                    component == "**" ? "{path}" : component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
                }
                return "\(route.method.rawValue) /" + path.joined(separator: "/")
            })
    }

    static func documentedOperations(_ document: [String: Any]) -> Set<String> {
        let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        return Set(paths.flatMap { path, item in item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" } })
    }

    @Test func documentsExactlyTheRoutesServed() async throws {
        try await withServer { server in
            let response = try await server.request(.get, "/openapi.json", authorization: "")
            #expect(response.status == .ok)
            let served = try await Self.servedOperations()
            #expect(served.count >= 8)
            #expect(Self.documentedOperations(response.object) == served)
        }
    }

    @Test func theDocumentIsValidOpenAPI31() async throws {
        guard let python = ProcessInfo.processInfo.environment["LATCHKEY_TEST_PYTHON"] else {
            if TestBackend.peersRequired { Issue.record("LATCHKEY_TEST_PYTHON is not set: run the tests with scripts/test") }
            return
        }
        try await withServer { server in
            let response = try await server.request(.get, "/openapi.json", authorization: "")
            #expect(response.object["openapi"] as? String == "3.1.0")
            let file = server.directory.path("openapi.json")
            try Data(response.text.utf8).write(to: URL(fileURLWithPath: file))
            let result = try await ChildProcess.run(python, ["-m", "openapi_spec_validator", file])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("OK"), "\(result.output)")
        }
    }
}
