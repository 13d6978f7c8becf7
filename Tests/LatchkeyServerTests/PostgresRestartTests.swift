import AsyncHTTPClient
import Foundation
import LatchkeyTestSupport
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

/// PostgreSQL stopped and started again under load, as an operator restarts it, behind two `latchkey serve`
/// replicas: every request is answered (200, or 503 `store_unavailable` with `Retry-After` while the database is
/// away), readiness follows the database while liveness stays up, both replicas serve again within seconds of its
/// return, and both stop within their bound afterwards. The cluster is the test's own, so that stopping it disturbs
/// no other test.
@Suite struct PostgresRestartTests {
    static let cycles = 8
    static let workersPerReplica = 6

    @Test func everyRequestIsAnsweredWhilePostgreSQLRestarts() async throws {
        guard TestBackend.postgresURL != nil else {
            if TestBackend.peersRequired { Issue.record("LATCHKEY_TEST_POSTGRES_URL is not set: run the tests with scripts/test") }
            return
        }
        let directory = try TemporaryDirectory()
        let cluster = try await ThrowawayCluster.start(in: directory.path("postgres"))
        let outcome = await Result(catching: { try await Self.restartUnderLoad(cluster, directory: directory) })
        await cluster.remove()
        try outcome.get()
    }

    static func restartUnderLoad(_ cluster: ThrowawayCluster, directory: TemporaryDirectory) async throws {
        let environment = ["LATCHKEY_MASTER_KEY": Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()]
        let arguments = ["--database", cluster.url, "--database-timeout", "1", "--shutdown-timeout", "5", "--data-dir", directory.path("data")]
        let first = try await RunningServer(arguments: arguments, environment: environment)
        let firstPort = try await first.port()
        let apiKey = try await first.firstStartKey()
        let second = try await RunningServer(arguments: arguments, environment: environment)
        let ports = [firstPort, try await second.port()]

        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let outcome = await Result(catching: { try await Self.load(through: client, ports: ports, apiKey: apiKey, restarting: cluster) })
        try await client.shutdown()
        try outcome.get()

        let started = ContinuousClock.now
        #expect(try await first.stop(with: SIGTERM, timeout: .seconds(20)) == 0)
        #expect(try await second.stop(with: SIGTERM, timeout: .seconds(20)) == 0)
        #expect(started.duration(to: .now) < .seconds(20), "graceful stops finish within their bound")
    }

    /// Sends the load through every replica while the cluster stops and starts `cycles` times, and checks what it saw.
    static func load(through client: HTTPClient, ports: [Int], apiKey: String, restarting cluster: ThrowawayCluster) async throws {
        let load = Load(client: client, ports: ports, apiKey: apiKey)
        try await load.createConnections(count: 20)
        let stop = StopFlag()
        var slowestReturn = 0.0
        try await withThrowingTaskGroup(of: Void.self) { group in
            for port in ports {
                for worker in 0..<Self.workersPerReplica {
                    group.addTask { await load.run(port: port, seed: worker, until: stop) }
                }
            }
            do {
                for _ in 0..<Self.cycles {
                    try await Task.sleep(for: .milliseconds(700))
                    try await cluster.halt()
                    try await Task.sleep(for: .milliseconds(300))
                    for port in ports {
                        #expect(try await load.status(port: port, path: "/health") == 200, "liveness stays up")
                        #expect(try await load.status(port: port, path: "/health/ready") == 503, "readiness follows the database")
                    }
                    try await Task.sleep(for: .milliseconds(1200))
                    try await cluster.resume()
                    for port in ports {
                        let back = try await load.secondsUntilServing(port: port, within: .seconds(20))
                        #expect(back != nil, "port \(port) serves again after PostgreSQL returns")
                        slowestReturn = max(slowestReturn, back ?? .infinity)
                    }
                }
            } catch {
                stop.set()
                throw error
            }
            stop.set()
            try await group.waitForAll()
        }
        let tally = load.tally
        print("PostgreSQL restarted \(Self.cycles) times under load: \(tally); serving again at most \(slowestReturn) s after each start")
        #expect(tally.unanswered == 0, "every request is answered: \(tally)")
        #expect(Set(tally.statuses.keys).isSubset(of: [200, 503]), "only 200 and 503: \(tally)")
        #expect(tally.statuses[503, default: 0] > 0, "requests met the outage: \(tally)")
        #expect(tally.statuses[200, default: 0] > 100, "\(tally)")
        #expect(tally.badUnavailable == 0, "every 503 is store_unavailable with Retry-After: \(tally)")

    }

}

/// What the load saw.
struct LoadTally: Sendable, CustomStringConvertible {
    var statuses: [Int: Int] = [:]
    var unanswered = 0
    var badUnavailable = 0

    var description: String { "statuses \(statuses.sorted { $0.key < $1.key }), unanswered \(unanswered), bad 503s \(badUnavailable)" }
}

/// Reads and patches of a set of connections, sent by workers through every replica, with a client timeout far past
/// the server's database bound, so that a request the server never answers is counted rather than waited on.
final class Load: Sendable {
    let client: HTTPClient
    let ports: [Int]
    let apiKey: String
    private let ids = Mutex<[String]>([])
    private let counts = Mutex(LoadTally())

    init(client: HTTPClient, ports: [Int], apiKey: String) {
        self.client = client
        self.ports = ports
        self.apiKey = apiKey
    }

    var tally: LoadTally { counts.withLock { $0 } }

    func createConnections(count: Int) async throws {
        for index in 0..<count {
            let body = #"{"integration_type": "github", "external_xref": "load-\#(index)", "auth": {"access_token": "t\#(index)"}}"#
            let (status, text, _) = try await send("POST", port: ports[index % ports.count], path: "/unified/connection", body: body)
            try #require(status == 200, "\(text)")
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            let id = try #require(object?["id"] as? String)
            ids.withLock { $0.append(id) }
        }
    }

    func run(port: Int, seed: Int, until stop: StopFlag) async {
        var round = seed
        let ids = self.ids.withLock { $0 }
        while !stop.isSet {
            round += 1
            let id = ids[round % ids.count]
            let patch = round % 3 == 0
            do {
                let (status, text, headers) = try await send(
                    patch ? "PATCH" : "GET", port: port, path: "/unified/connection/\(id)",
                    body: patch ? #"{"external_xref": "round-\#(round)"}"# : nil)
                counts.withLock { tally in
                    tally.statuses[status, default: 0] += 1
                    if status == 503, !(text.contains(#""store_unavailable""#) && headers.contains(name: "retry-after")) {
                        tally.badUnavailable += 1
                    }
                }
            } catch {
                counts.withLock { $0.unanswered += 1 }
            }
        }
    }

    /// The status of a GET without an API key.
    func status(port: Int, path: String) async throws -> Int {
        try await send("GET", port: port, path: path, authorized: false).status
    }

    /// Seconds until a read through `port` succeeds, or `nil` when none does within `limit`.
    func secondsUntilServing(port: Int, within limit: Duration) async throws -> Double? {
        let start = ContinuousClock.now
        let id = ids.withLock { $0[0] }
        while start.duration(to: .now) < limit {
            if (try? await send("PATCH", port: port, path: "/unified/connection/\(id)", body: #"{"external_xref": "back"}"#).status) == 200 {
                let elapsed = start.duration(to: .now).components
                return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    private func send(
        _ method: String, port: Int, path: String, body: String? = nil, authorized: Bool = true
    ) async throws -> (status: Int, text: String, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method)
        if authorized { request.headers.add(name: "authorization", value: apiKey) }
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(20))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return (Int(response.status.code), text, response.headers)
    }
}

/// A PostgreSQL cluster of the test's own (`scripts/postgres-throwaway`), stopped and started as an operator would.
struct ThrowawayCluster: Sendable {
    let directory: String
    let port: Int
    let url: String

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/postgres-throwaway").path
    }

    static func start(in directory: String) async throws -> ThrowawayCluster {
        let port = try freeLoopbackPort()
        let result = try await ChildProcess.run("/bin/bash", [script, "start", directory, String(port)])
        let url = "postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable"
        guard result.status == 0, result.output.contains(url) else {
            throw TestSetupError("the throwaway PostgreSQL cluster did not start: \(result.output)")
        }
        return ThrowawayCluster(directory: directory, port: port, url: url)
    }

    /// `pg_ctl stop -m fast`: sessions are ended and the server goes away.
    func halt() async throws { try await run("halt") }

    func resume() async throws { try await run("resume", String(port)) }

    func remove() async { _ = try? await ChildProcess.run("/bin/bash", [Self.script, "stop", directory]) }

    private func run(_ command: String, _ arguments: String...) async throws {
        let result = try await ChildProcess.run("/bin/bash", [Self.script, command, directory] + arguments)
        guard result.status == 0 else { throw TestSetupError("postgres-throwaway \(command) failed: \(result.output)") }
    }
}
