import Foundation
import LatchkeyModel
import LatchkeyStore
import LatchkeyTestSupport
import Testing

/// `latchkey` as a user runs it: the first start on an empty data directory, workspaces made beside a running
/// server, and a graceful stop on SIGTERM and SIGINT.
@Suite(.serialized) struct CommandLineTests {
    @Test func firstStartCreatesEverythingAndPrintsTheKeyOnce() async throws {
        let directory = try TemporaryDirectory()
        let dataDir = directory.path("data")
        let server = try await RunningServer(arguments: ["--data-dir", dataDir], environment: ["LATCHKEY_MASTER_KEY": ""])
        let port = try await server.port()
        let key = try await server.firstStartKey()
        #expect(FileManager.default.fileExists(atPath: dataDir + "/latchkey.sqlite"))
        let keyFile = try FileManager.default.attributesOfItem(atPath: dataDir + "/master.key")
        #expect(keyFile[.posixPermissions] as? Int == 0o600)

        let health = try await httpRequest("GET", "http://127.0.0.1:\(port)/health")
        #expect(health.status == 200)
        let created = try await httpRequest(
            "POST", "http://127.0.0.1:\(port)/unified/connection", authorization: key,
            body: #"{"integration_type": "github", "auth": {"token": "ghp_canary"}}"#)
        #expect(created.status == 200, "\(created.body)")

        let second = try await LatchkeyBinary.run(["workspace", "create", "second", "--json", "--data-dir", dataDir])
        #expect(second.status == 0, "\(second.output)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(second.output.split(separator: "\n").last { $0.hasPrefix("{") }!.utf8))
                as? [String: String])
        #expect(json["name"] == "second")
        #expect(json["id"]?.count == 24)
        let secondKey = try #require(json["api_key"])
        let seenBySecond = try await httpRequest("GET", "http://127.0.0.1:\(port)/unified/connection", authorization: "Bearer \(secondKey)")
        #expect(seenBySecond.status == 200)
        #expect(seenBySecond.body == "[]")

        #expect(try await server.stop(with: SIGTERM) == 0)
        #expect(server.logs.contains("latchkey stopped"))
        #expect(!server.logs.contains(key))
        #expect(!server.logs.contains("ghp_canary"))

        let again = try await RunningServer(arguments: ["--data-dir", dataDir, "--idle-timeout", "1"], environment: ["LATCHKEY_MASTER_KEY": ""])
        let portAgain = try await again.port()
        let start = ContinuousClock.now
        _ = try await RawHTTP.send(port: portAgain, "", untilClosed: true)
        #expect(ContinuousClock.now - start < .seconds(4), "--idle-timeout 1 closed a silent connection")
        #expect(!again.output.contains("lk_"), "the key is printed only on the first start")
        let list = try await httpRequest("GET", "http://127.0.0.1:\(portAgain)/unified/connection", authorization: key)
        #expect(list.status == 200)
        #expect(list.body.contains("ghp_canary"))
        #expect(try await again.stop(with: SIGINT) == 0)
    }

    /// The listen backlog is the system's maximum unless `--listen-backlog` says otherwise, as `ss` reports it (the
    /// Send-Q of a listening socket); `/health/ready` answers once the store does.
    @Test(arguments: [nil, 777] as [Int?]) func theListenBacklogIsTheSystemsMaximumUnlessSet(backlog: Int?) async throws {
        let directory = try TemporaryDirectory()
        let server = try await RunningServer(
            arguments: ["--data-dir", directory.path("data")] + (backlog.map { ["--listen-backlog", String($0)] } ?? []))
        let port = try await server.port()
        let listening = try await ChildProcess.run("/usr/bin/env", ["ss", "-ltnH", "sport = :\(port)"])
        let columns = listening.output.split(whereSeparator: \.isWhitespace)
        try #require(listening.status == 0 && columns.count >= 4, "\(listening.output)")
        let maximum = try String(contentsOfFile: "/proc/sys/net/core/somaxconn", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(String(columns[2]) == (backlog.map(String.init) ?? maximum), "\(listening.output)")
        let ready = try await httpRequest("GET", "http://127.0.0.1:\(port)/health/ready")
        #expect(ready.status == 200 && ready.body.contains("ready"), "\(ready.body)")
        #expect(try await server.stop(with: SIGTERM) == 0)
    }

    @Test func environmentVariablesConfigureTheStore() async throws {
        let directory = try TemporaryDirectory()
        let masterKey = Data(repeating: 3, count: 32).base64EncodedString()
        let environment = ["LATCHKEY_DATA_DIR": directory.path("env-data"), "LATCHKEY_MASTER_KEY": masterKey]
        let created = try await LatchkeyBinary.run(["workspace", "create", "env", "--json"], environment: environment)
        #expect(created.status == 0, "\(created.output)")
        #expect(FileManager.default.fileExists(atPath: directory.path("env-data/latchkey.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: directory.path("env-data/master.key")))
        let wrongKey = try await LatchkeyBinary.run(
            ["workspace", "list"],
            environment: environment.merging(["LATCHKEY_MASTER_KEY": Data(repeating: 4, count: 32).base64EncodedString()]) { $1 })
        #expect(wrongKey.status != 0)
        #expect(wrongKey.output.contains("does not open data key"))
        #expect(!wrongKey.output.contains(masterKey))
    }

    @Test func keysRotateReportsTheNewKey() async throws {
        let directory = try TemporaryDirectory()
        let dataDir = directory.path("data")
        #expect(try await LatchkeyBinary.run(["workspace", "create", "a", "--data-dir", dataDir]).status == 0)
        let rotated = try await LatchkeyBinary.run(["keys", "rotate", "--data-dir", dataDir])
        #expect(rotated.status == 0, "\(rotated.output)")
        #expect(rotated.output.contains("Rotated to data key k"))
        let listed = try await LatchkeyBinary.run(["keys", "list", "--data-dir", dataDir])
        #expect(listed.output.split(separator: "\n").filter { $0.hasPrefix("k") }.count == 2)
    }

    @Test func aBadDatabaseURLIsRefusedClearly() async throws {
        let result = try await LatchkeyBinary.run(["workspace", "list", "--database", "mysql://localhost/db"])
        #expect(result.status != 0)
        #expect(result.output.contains("--database must start with"))
    }

    @Test func aBadCatalogFileStopsStartUpNamingTheFileTheEntryAndTheField() async throws {
        let directory = try TemporaryDirectory()
        let catalog = directory.path("catalog.json")
        try Data(
            #"{"integrations": [{"type": "acme", "name": "Acme", "categories": [], "auth": {"oauth2": {"authorize_url": "https://a.example/a", "token_url": "ftp://a.example/t"}}}]}"#
                .utf8
        ).write(to: URL(fileURLWithPath: catalog))
        let result = try await LatchkeyBinary.run(["serve", "--port", "0", "--data-dir", directory.path("data"), "--catalog", catalog])
        #expect(result.status != 0)
        #expect(result.output.contains("catalog \(catalog), entry integrations[0] (acme), field auth.oauth2.token_url"), "\(result.output)")
    }

    /// Writes a catalog of one API-key integration, `type`, calling `apiURL`; its path.
    static func tokenCatalog(in directory: TemporaryDirectory, type: String, apiURL: String) throws -> String {
        let catalog = directory.path("catalog.json")
        try Data(
            #"{"integrations": [{"type": "\#(type)", "name": "\#(type)", "categories": ["crm"], "api_url": "\#(apiURL)", "token_names": ["API Key"], "token_instructions": ["Any"], "auth": {"token": {}}}]}"#
                .utf8
        ).write(to: URL(fileURLWithPath: catalog))
        return catalog
    }

    /// The upstream peer, and `latchkey serve` with `arguments` before it: its port and first key, and a connection
    /// to the upstream through which one call has passed; `nil` (skip) without the test Python.
    static func serverBeforeAnUpstream(
        _ arguments: [String]
    ) async throws -> (directory: TemporaryDirectory, upstream: PythonPeer, server: RunningServer, port: Int, key: String, id: String)? {
        let directory = try TemporaryDirectory()
        guard
            let upstream = try await PythonPeer.start(
                "upstream/server.py", arguments: ["--header", "Authorization", "--value", "Bearer stop-canary"])
        else { return nil }
        let catalog = try Self.tokenCatalog(in: directory, type: "slow-api", apiURL: upstream.base)
        let (server, port, key, id) = try await Self.serverWithConnection(
            ["--data-dir", directory.path("data"), "--catalog", catalog] + arguments, type: "slow-api", token: "stop-canary")
        #expect(try await httpRequest("GET", "http://127.0.0.1:\(port)/passthrough/\(id)/warm", authorization: key).status == 200)
        return (directory, upstream, server, port, key, id)
    }

    /// `latchkey serve` with `arguments`, its port and first key, and the id of a new connection of `type` holding
    /// `token`.
    static func serverWithConnection(
        _ arguments: [String], type: String, token: String
    ) async throws -> (server: RunningServer, port: Int, key: String, id: String) {
        let server = try await RunningServer(arguments: arguments)
        let port = try await server.port()
        let key = try await server.firstStartKey()
        let created = try await httpRequest(
            "POST", "http://127.0.0.1:\(port)/unified/connection", authorization: key,
            body: #"{"integration_type": "\#(type)", "auth": {"token": "\#(token)"}}"#)
        let id = try #require(created.body.firstMatch(of: /"id":"([0-9a-f]+)"/).map { String($0.output.1) }, "\(created.body)")
        return (server, port, key, id)
    }

    @Test func upstreamCAFileTrustsAPrivateAuthorityForHTTPSAPIs() async throws {
        let directory = try TemporaryDirectory()
        guard
            let upstream = try await PythonPeer.start(
                "upstream/server.py", arguments: ["--header", "Authorization", "--value", "Bearer tls-canary", "--tls", directory.path("tls")])
        else { return }
        defer { upstream.stop() }
        let catalog = try Self.tokenCatalog(in: directory, type: "private-api", apiURL: "https://127.0.0.1:\(upstream.port)")
        for trusted in [true, false] {
            let caFile = trusted ? ["--upstream-ca-file", directory.path("tls/ca.pem")] : []
            let (server, port, key, id) = try await Self.serverWithConnection(
                ["--data-dir", directory.path("data-\(trusted)"), "--catalog", catalog] + caFile, type: "private-api", token: "tls-canary")
            // Every call is relayed, the first once the connection has been read into memory.
            for _ in 0..<3 {
                let call = try await httpRequest("GET", "http://127.0.0.1:\(port)/passthrough/\(id)/items", authorization: key)
                #expect(call.status == (trusted ? 200 : 502), "\(call.body)")
                #expect(!call.body.contains("tls-canary") || trusted)
            }
            let metrics = try await httpRequest("GET", "http://127.0.0.1:\(port)/metrics")
            #expect(PassthroughTests.sample("latchkey_passthrough_relayed_total", in: metrics.body) == 3)
            #expect(try await server.stop(with: SIGTERM) == 0)
            #expect(!server.logs.contains("tls-canary"))
            // `latchkey request` trusts the same way.
            let request = try await LatchkeyBinary.run(
                ["request", id, "/items", "--data-dir", directory.path("data-\(trusted)"), "--catalog", catalog, "--log-level", "error"] + caFile)
            #expect((request.status == 0) == trusted, "\(request.output)")
            #expect(request.output.contains(#""path": "/items""#) == trusted, "\(request.output)")
        }
    }

    /// SIGTERM while a call is relayed from the bytes: the call's answer is written in full, then the connection
    /// closes and the server exits; an idle connection does not hold the stop up.
    @Test func aStopLetsACallRelayedFromTheBytesFinish() async throws {
        guard let (directory, upstream, server, port, key, id) = try await Self.serverBeforeAnUpstream([]) else { return }
        defer {
            upstream.stop()
            _ = directory
        }
        async let idle = RawHTTP.send(
            port: port, "GET /passthrough/\(id)/idle HTTP/1.1\r\nHost: h\r\nAuthorization: \(key)\r\n\r\n", untilClosed: true)
        async let slow = RawHTTP.send(
            port: port, "GET /passthrough/\(id)/slow/2 HTTP/1.1\r\nHost: h\r\nAuthorization: \(key)\r\n\r\n", untilClosed: true)
        try await Task.sleep(for: .milliseconds(700))
        let start = ContinuousClock.now
        #expect(try await server.stop(with: SIGTERM) == 0)
        #expect(ContinuousClock.now - start < .seconds(8))
        let (idleAnswer, slowAnswer) = try await (idle, slow)
        #expect(idleAnswer.status == 200)
        #expect(slowAnswer.status == 200 && slowAnswer.text.hasSuffix(#""slow": true, "body": ""}"#), "\(slowAnswer.text)")
        let metrics = try await PassthroughTests.stats(upstream)
        #expect((metrics["paths"] as? [String])?.contains("/slow/2") == true)
    }

    /// A stop while a call waits on an upstream far longer than `--shutdown-timeout`: the server lets it run that
    /// long, then cancels it and exits, whether the call was relayed or took the router.
    @Test(arguments: [true, false]) func aStopIsBoundedWhenACallWouldTakeLonger(relay: Bool) async throws {
        guard
            let (directory, upstream, server, port, key, id) = try await Self.serverBeforeAnUpstream(
                ["--shutdown-timeout", "1"] + (relay ? [] : ["--no-passthrough-relay"]))
        else { return }
        defer {
            upstream.stop()
            _ = directory
        }
        async let slow = RawHTTP.send(
            port: port, "GET /passthrough/\(id)/slow/40 HTTP/1.1\r\nHost: h\r\nAuthorization: \(key)\r\n\r\n", untilClosed: true)
        try await Task.sleep(for: .milliseconds(700))
        let start = ContinuousClock.now
        _ = try await server.stop(with: SIGTERM, timeout: .seconds(15))
        #expect(ContinuousClock.now - start < .seconds(12), "the stop took \(ContinuousClock.now - start)")
        _ = try? await slow
    }

    @Test func anUnreadableUpstreamCAFileIsRefusedClearly() async throws {
        let directory = try TemporaryDirectory()
        let notPEM = directory.path("not.pem")
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: notPEM))
        for file in [directory.path("missing.pem"), notPEM] {
            let result = try await LatchkeyBinary.run(["serve", "--port", "0", "--data-dir", directory.path("data"), "--upstream-ca-file", file])
            #expect(result.status != 0)
            #expect(result.output.contains("--upstream-ca-file \(file)"), "\(result.output)")
        }
    }

    @Test func integrationConfigureStoresTheAppForAWorkspace() async throws {
        let directory = try TemporaryDirectory()
        let dataDir = directory.path("data")
        let created = try await LatchkeyBinary.run(["workspace", "create", "acme", "--json", "--data-dir", dataDir])
        let line = try #require(created.output.split(separator: "\n").last { $0.hasPrefix("{") })
        let workspace = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        let workspaceID = try #require(workspace["id"])
        let configured = try await LatchkeyBinary.run([
            "integration", "configure", "github", "--workspace", workspaceID, "--client-id", "cli-client", "--client-secret", "cli-secret",
            "--scopes", "repo, read:user", "--data-dir", dataDir,
        ])
        #expect(configured.status == 0, "\(configured.output)")
        #expect(!configured.output.contains("cli-secret"))
        let unknown = try await LatchkeyBinary.run([
            "integration", "configure", "nosuch", "--workspace", workspaceID, "--client-id", "c", "--client-secret", "s", "--data-dir", dataDir,
        ])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("nosuch is not in the catalog"))

        let server = try await RunningServer(arguments: ["--data-dir", dataDir])
        let port = try await server.port()
        let app = try await httpRequest(
            "GET", "http://127.0.0.1:\(port)/unified/integration/workspace/\(workspaceID)/github", authorization: workspace["api_key"])
        #expect(app.status == 200)
        #expect(app.body.contains(#""scopes":["repo","read:user"]"#), "\(app.body)")
        #expect(!app.body.contains("cli-secret"))
        #expect(try await server.stop(with: SIGTERM) == 0)
    }

    @Test func tokenPrintsAUsableAccessTokenOrSaysWhyNot() async throws {
        let directory = try TemporaryDirectory()
        let dataDir = directory.path("data")
        #expect(try await LatchkeyBinary.run(["workspace", "create", "acme", "--data-dir", dataDir]).status == 0)
        let store = try await Store.open(
            .sqlite(path: dataDir + "/latchkey.sqlite"), masterKey: try MasterKey.load(environment: [:], dataDirectory: dataDir),
            logger: quietLogger)
        let workspace = try #require(try await store.workspaces().first)
        var valid = ConnectionAuth()
        valid.accessToken = "cli-token-valid"
        valid.expiryDate = Date().addingTimeInterval(3600)
        let good = try await store.insertConnection(workspaceID: workspace.id, draft: ConnectionDraft(integrationType: "acme", auth: valid))
        var expired = ConnectionAuth()
        expired.accessToken = "cli-token-expired"
        expired.refreshToken = "r"
        expired.clientID = "c"
        expired.tokenURL = "http://127.0.0.1:\(try freeLoopbackPort())/token"
        expired.expiryDate = Date().addingTimeInterval(-60)
        let bad = try await store.insertConnection(workspaceID: workspace.id, draft: ConnectionDraft(integrationType: "acme", auth: expired))
        await store.close()

        let printed = try await LatchkeyBinary.run(["token", good.id, "--data-dir", dataDir, "--log-level", "error"])
        #expect(printed.status == 0, "\(printed.output)")
        #expect(printed.output.trimmingCharacters(in: .whitespacesAndNewlines) == "cli-token-valid")
        let refused = try await LatchkeyBinary.run(["token", bad.id, "--data-dir", dataDir, "--log-level", "error"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("could not be refreshed"))
        #expect(!refused.output.contains("cli-token-expired"))
        let missing = try await LatchkeyBinary.run(["token", "000000000000000000000000", "--data-dir", dataDir])
        #expect(missing.status != 0)
        #expect(missing.output.contains("no connection"))
    }

    @Test func requestCallsTheAPIWithTheCatalogsPlacement() async throws {
        guard let upstream = try await PythonPeer.start("upstream/server.py", arguments: ["--header", "X-Api-Key", "--value", "cli-key-canary"])
        else { return }
        defer { upstream.stop() }
        let directory = try TemporaryDirectory()
        let dataDir = directory.path("data")
        let catalogFile = directory.path("catalog.yaml")
        try """
        integrations:
          - type: local-api
            name: Local API
            categories: [crm]
            api_url: \(upstream.base)/v2
            token_names: [API Key]
            token_instructions: [Anywhere]
            auth:
              token:
                apply:
                  header: {X-Api-Key: "{token}"}
        """.write(toFile: catalogFile, atomically: true, encoding: .utf8)
        #expect(try await LatchkeyBinary.run(["workspace", "create", "acme", "--data-dir", dataDir]).status == 0)
        let store = try await Store.open(
            .sqlite(path: dataDir + "/latchkey.sqlite"), masterKey: try MasterKey.load(environment: [:], dataDirectory: dataDir),
            logger: quietLogger)
        let workspace = try #require(try await store.workspaces().first)
        var auth = ConnectionAuth()
        auth.token = "cli-key-canary"
        let connection = try await store.insertConnection(
            workspaceID: workspace.id, draft: ConnectionDraft(integrationType: "local-api", auth: auth))
        await store.close()
        let common = ["--data-dir", dataDir, "--catalog", catalogFile, "--log-level", "error"]

        let sent = try await LatchkeyBinary.run(["request", connection.id, "/items?page=2", "-H", "X-Trace: 7"] + common)
        #expect(sent.status == 0, "\(sent.output)")
        #expect(sent.output.contains(#""path": "/v2/items""#))
        #expect(sent.output.contains(#""x-trace": "7""#))
        let bodyFile = directory.path("body.json")
        try #"{"from": "file"}"#.write(toFile: bodyFile, atomically: true, encoding: .utf8)
        let posted = try await LatchkeyBinary.run(
            ["request", connection.id, "/items", "-d", "@" + bodyFile, "-H", "Content-Type: application/json"] + common)
        #expect(posted.output.contains(#""method": "POST""#) && posted.output.contains(#""body": "{\"from\": \"file\"}""#), "\(posted.output)")
        let piped = try await LatchkeyBinary.run(["request", connection.id, "/items", "-X", "PUT", "-d", "@-"] + common, input: "from stdin")
        #expect(piped.output.contains(#""method": "PUT""#) && piped.output.contains(#""body": "from stdin""#), "\(piped.output)")
        let literal = try await LatchkeyBinary.run(["request", connection.id, "/items", "--data", "a=1"] + common)
        #expect(literal.output.contains(#""body": "a=1""#) && literal.output.contains(#""method": "POST""#), "\(literal.output)")
        let missing = try await LatchkeyBinary.run(["request", connection.id, "/items", "-d", "@" + directory.path("nowhere")] + common)
        #expect(missing.status != 0 && missing.output.contains("--data: cannot read"), "\(missing.output)")
        let dry = try await LatchkeyBinary.run(["request", connection.id, "/items", "--method", "post", "--dry-run"] + common)
        #expect(dry.output.contains("POST \(upstream.base)/v2/items"))
        #expect(dry.output.contains("x-api-key: cli-key-canary"))
        let elsewhere = try await LatchkeyBinary.run(["request", connection.id, "http://127.0.0.2:9/steal"] + common)
        #expect(elsewhere.status != 0)
        #expect(elsewhere.output.contains("not on the API host"))
        #expect(!elsewhere.output.contains("cli-key-canary"))
    }
}
