import Foundation
import Hummingbird
import LatchkeyTestSupport
import Testing

/// Secrets sent through the API are never found on disk in the clear, nor in any log line at any level.
@Suite struct SecretCanaryTests {
    static func canaries() -> [String: String] {
        let tag = UUID().uuidString.prefix(8).lowercased()
        return [
            "access_token": "canary-access-\(tag)", "refresh_token": "canary-refresh-\(tag)", "client_secret": "canary-client-\(tag)",
            "consumer_secret": "canary-consumer-\(tag)", "key": "canary-key-\(tag)", "token": "canary-token-\(tag)",
            "pem": "canary-pem-\(tag)", "dev_api_key": "canary-dev-\(tag)",
        ]
    }

    /// Sends the canaries through every route that takes credentials, including ones that fail.
    static func sendEverywhere(_ canaries: [String: String], to server: ServerUnderTest) async throws {
        let auth = canaries.map { #""\#($0.key)": "\#($0.value)""# }.joined(separator: ", ")
        let other = #""other_auth_info": ["\#(canaries["key"]!)-other"]"#
        let id = try await server.createConnection(#"{"integration_type": "github", "auth": {\#(auth), \#(other)}}"#)
        try await server.request(.get, "/unified/connection/\(id)")
        try await server.request(.get, "/unified/connection")
        try await server.request(.patch, "/unified/connection/\(id)", body: #"{"auth": {"access_token": "\#(canaries["access_token"]!)-2"}}"#)
        try await server.request(.put, "/unified/connection/\(id)", body: #"{"integration_type": "github", "auth": {\#(auth)}}"#)
        try await server.request(.post, "/unified/connection", body: #"{"integration_type": "github", "auth": {\#(auth), "expires_in": "x"}}"#)
        try await server.request(.post, "/unified/connection", body: #"{"integration_type": "", "auth": {\#(auth)}}"#)
        try await server.request(.patch, "/unified/connection/\(id)", body: #"{"auth": {"token": "\#(canaries["token"]!)", "token_url": 5}}"#)
        try await server.request(.get, "/unified/connection", authorization: canaries["token"]!)
        let apps = "/unified/integration/workspace/\(server.workspaceID)"
        try await server.request(.put, apps + "/github", body: #"{"client_id": "c", "client_secret": "\#(canaries["client_secret"]!)-app"}"#)
        try await server.request(.put, apps + "/github", body: #"{"client_id": 1, "client_secret": "\#(canaries["client_secret"]!)-app"}"#)
        try await server.request(.get, apps + "/github")
        try await server.request(.get, apps)
        let second = try await server.createConnection(#"{"integration_type": "github", "auth": {\#(auth)}}"#)
        try await server.request(.delete, "/unified/connection/\(second)")
    }

    static func leaks(_ canaries: [String: String], apiKey: String, in bytes: Data) -> [String] {
        (Array(canaries.values) + [apiKey]).filter { bytes.range(of: Data($0.utf8)) != nil }
    }

    @Test func secretsNeverReachTheSQLiteFilesOrTheLogs() async throws {
        let logs = CapturedLogs()
        let canaries = Self.canaries()
        let holder = DirectoryHolder()
        try await withServer(.sqlite, logs: logs) { server in
            holder.directory = server.directory
            holder.apiKey = server.apiKey
            try await Self.sendEverywhere(canaries, to: server)
            let files = try server.directory.files()
            #expect(files.contains { $0.name == "latchkey.sqlite-wal" }, "the WAL is checked while the server runs")
            for file in files {
                #expect(Self.leaks(canaries, apiKey: server.apiKey, in: file.contents).isEmpty, "\(file.name) holds a secret")
            }
        }
        let directory = try #require(holder.directory)
        for file in try directory.files() {
            #expect(Self.leaks(canaries, apiKey: holder.apiKey, in: file.contents).isEmpty, "\(file.name) holds a secret after close")
        }
        #expect(logs.count > 0)
        #expect(Self.leaks(canaries, apiKey: holder.apiKey, in: Data(logs.text.utf8)).isEmpty, "a log line holds a secret")
    }

    @Test func secretsNeverReachPostgreSQLFilesOrTheLogs() async throws {
        let logs = CapturedLogs()
        let canaries = Self.canaries()
        guard let dataDirectory = ProcessInfo.processInfo.environment["LATCHKEY_TEST_POSTGRES_DATA"] else {
            if TestBackend.peersRequired { Issue.record("LATCHKEY_TEST_POSTGRES_DATA is not set: run the tests with scripts/test") }
            return
        }
        try await withServer(.postgres, logs: logs) { server in
            try await Self.sendEverywhere(canaries, to: server)
            try await server.store.checkpoint()
            var checked = 0
            let enumerator = FileManager.default.enumerator(atPath: dataDirectory)
            while let relative = enumerator?.nextObject() as? String {
                let path = dataDirectory + "/" + relative
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    let contents = FileManager.default.contents(atPath: path)
                else { continue }
                checked += 1
                #expect(Self.leaks(canaries, apiKey: server.apiKey, in: contents).isEmpty, "\(relative) holds a secret")
            }
            #expect(checked > 100)
            #expect(Self.leaks(canaries, apiKey: server.apiKey, in: Data(logs.text.utf8)).isEmpty, "a log line holds a secret")
        }
    }
}

/// Carries values out of a `@Sendable` test body.
final class DirectoryHolder: @unchecked Sendable {
    var directory: TemporaryDirectory?
    var apiKey = ""
}
