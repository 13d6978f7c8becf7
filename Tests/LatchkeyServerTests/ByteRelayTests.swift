import Foundation
import HTTPTypes
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyServer
import LatchkeyStore
import LatchkeyTestSupport
import Synchronization
import Testing

/// The relay in front of SwiftNIO's decoder (`ByteRelayHandler`), which reads requests and upstream answers from the
/// bytes: what it relays is answered as the router answers it, and whatever it does not read strictly is left to
/// SwiftNIO, so that a server with it answers every request exactly as one without it.
@Suite(.serialized) struct ByteRelayTests {
    /// `template` with `{id}` and `{key}` filled in.
    static func filled(_ template: String, id: String, key: String) -> String {
        template.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{key}", with: key)
    }

    static let head = "HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {key}\r\n"
    /// The last request of every exchange: it asks to close, so that the whole answer can be read.
    static let last = "GET /passthrough/{id}/last \(head)Connection: close\r\n\r\n"

    /// The answers' status lines and the paths the upstream was asked for, when `template` is sent on one connection.
    static func exchange(
        _ template: String, server: ServerUnderTest, id: String, upstream: PythonPeer
    ) async throws -> (statuses: [String], paths: [String], text: String) {
        let before = try await PassthroughTests.stats(upstream)["paths"] as? [String] ?? []
        let answer = try await RawHTTP.send(port: server.port, filled(template, id: id, key: server.apiKey), untilClosed: true)
        let after = try await PassthroughTests.stats(upstream)["paths"] as? [String] ?? []
        return (PersistentConnectionTests.statusLines(answer.text), Array(after.dropFirst(before.count)), answer.text)
    }

    @Test func plainCallsAreRelayedFromTheBytesOnAKeptConnection() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            let before = try await PassthroughRelayTests.relayed(server)
            let exchange = try await Self.exchange(
                "GET /passthrough/{id}/one?q=1 \(Self.head)X-Custom: v\r\n\r\n"
                    + "POST /passthrough/{id}/two \(Self.head)Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
                    + "DELETE /passthrough/{id}/three \(Self.head)Connection: x-drop\r\nX-Drop: hop\r\n\r\n" + Self.last,
                server: server, id: id, upstream: upstream)
            #expect(exchange.statuses == ["HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 200"], "\(exchange.text)")
            #expect(exchange.paths == ["/one?q=1", "/two", "/three", "/last"])
            #expect(try await PassthroughRelayTests.relayed(server) == before + 4)
            let text = exchange.text
            #expect(text.contains(#""x-custom": "v""#) && text.contains(#""body": "hello""#) && text.contains(#""method": "DELETE""#))
            #expect(!text.contains("x-drop"), "a header the caller's Connection names stays behind")
            #expect(!text.contains(server.apiKey), "the caller's key is not forwarded")
            #expect(text.hasSuffix("\r\n\r\n") == false && text.lowercased().contains("\r\nconnection: close\r\n"))
        }
    }

    /// Upstream answers written byte for byte: the relay reads their framing, and refuses those whose framing is
    /// ambiguous with a 502, in front of SwiftNIO's codec (a new connection) as behind it (the test client's kept
    /// one, which has sent other requests).
    @Test func upstreamAnswersAreReadStrictlyAndAnsweredAsTheRouterAnswersThem() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            let expected: [(name: String, status: Int, body: String?)] = [
                ("chunked", 200, "hello, world"),
                ("until-close", 200, "the body ends with the connection"),
                ("connection-named", 200, "ok"),
                ("length-and-chunked", 502, nil),
                ("two-lengths", 502, nil),
                ("folded-header", 502, nil),
                ("bare-lf", 502, nil),
                ("space-before-colon", 502, nil),
                ("not-http", 502, nil),
                ("switching", 502, nil),
            ]
            for (name, status, body) in expected {
                let routed = try await server.request(.get, "/unified/connection/\(id)").status
                #expect(routed == .ok)
                let before = try await PassthroughRelayTests.relayed(server)
                let relayed = try await RawHTTP.send(
                    port: server.port,
                    Self.filled("GET /passthrough/{id}/raw/\(name) \(Self.head)Connection: close\r\n\r\n", id: id, key: server.apiKey),
                    untilClosed: true)
                #expect(try await PassthroughRelayTests.relayed(server) == before + 1, "\(name) was relayed")
                #expect(relayed.status == status, "\(name): \(relayed.text)")
                if let body {
                    let split = relayed.text.components(separatedBy: "\r\n\r\n")
                    let (head, content) = (split[0], split.dropFirst().joined(separator: "\r\n\r\n"))
                    let decoded = head.lowercased().contains("transfer-encoding: chunked") ? Self.unchunked(content) : content
                    #expect(decoded == body, "\(name): \(relayed.text.debugDescription)")
                } else {
                    #expect(relayed.text.contains(#""upstream_unreachable""#) || relayed.text.contains("502"), "\(name): \(relayed.text)")
                }
                #expect(!relayed.text.lowercased().contains("x-trailer") && !relayed.text.lowercased().contains("x-private"))
                #expect(!relayed.text.lowercased().contains("keep-alive: timeout"))
                let router = try await server.request(.get, "/passthrough/\(id)/raw/\(name)")
                #expect(Int(router.status.code) == status, "\(name) behind SwiftNIO's codec: \(router.text)")
                if let body { #expect(router.text == body, "\(name) behind SwiftNIO's codec") }
            }
        }
    }

    /// The data of the chunks in `text`.
    /// The caller's key, the connection's tokens (the stale one, and the one a refusal brings) and a request's body
    /// never reach a log line, whatever becomes of the call: refused and refreshed, timed out, refused for its
    /// framing, broken off.
    @Test func callsRelayedFromTheBytesNeverLogTheirSecrets() async throws {
        let logs = CapturedLogs()
        try await PassthroughTests.withUpstream(logs: logs, configure: PassthroughRelayTests.oneSecondUpstreamLimit) { server, upstream in
            let stale = "stale-canary-\(UUID().uuidString.prefix(8))"
            let id = try await PassthroughTests.connection(server, accessToken: stale)
            #expect(try await server.request(.get, "/passthrough/\(id)/stats").status == .ok)
            let before = try await PassthroughRelayTests.relayed(server)
            let refreshed = try await Self.exchange(
                "GET /passthrough/{id}/refused-then-refreshed \(Self.head)Connection: close\r\n\r\n", server: server, id: id, upstream: upstream)
            #expect(refreshed.statuses == ["HTTP/1.1 200"], "\(refreshed.text)")
            #expect(try await PassthroughRelayTests.relayed(server) == before + 1)
            try await Self.waitUntilRelayed(server, id: id)
            let warmed = try await PassthroughRelayTests.relayed(server)
            let exchange = try await Self.exchange(
                "POST /passthrough/{id}/slow/3 \(Self.head)Content-Length: 11\r\n\r\nbody-canary"
                    + "GET /passthrough/{id}/raw/two-lengths \(Self.head)\r\n"
                    + "GET /passthrough/{id}/raw/bad-chunk \(Self.head)\r\n",
                server: server, id: id, upstream: upstream)
            #expect(exchange.statuses == ["HTTP/1.1 504", "HTTP/1.1 502", "HTTP/1.1 200"], "\(exchange.text)")
            let relayed = try await PassthroughRelayTests.relayed(server)
            #expect(relayed == warmed + 3)
            #expect(!(refreshed.text + exchange.text).contains(server.apiKey) && !(refreshed.text + exchange.text).contains(stale))

            // A connection's first call, held while the relay reads it, and a key no workspace has.
            let held = try await PassthroughTests.connection(server)
            let first = try await Self.exchange(
                "GET /passthrough/{id}/first \(Self.head)Connection: close\r\n\r\n", server: server, id: held, upstream: upstream)
            #expect(first.statuses == ["HTTP/1.1 200"] && !first.text.contains(server.apiKey), "\(first.text)")
            #expect(try await PassthroughRelayTests.relayed(server) == relayed + 1)
            let unknownKey = "lk_canary_\(UUID().uuidString.prefix(8))"
            let refused = try await RawHTTP.send(
                port: server.port,
                "GET /passthrough/\(held)/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(unknownKey)\r\nConnection: close\r\n\r\n",
                untilClosed: true)
            #expect(refused.status == 401 && !refused.text.contains(unknownKey), "\(refused.text)")

            let text = logs.text
            #expect(logs.count > 0)
            for secret in [server.apiKey, stale, PassthroughTests.goodToken, "body-canary", unknownKey] {
                #expect(!text.contains(secret), "\(secret) was logged")
            }
        }
    }

    /// Calls `id` until a call is relayed: a write (a refresh) drops the connection from memory, and the change feed
    /// may report it again a moment later.
    static func waitUntilRelayed(_ server: ServerUnderTest, id: String) async throws {
        for _ in 0..<50 {
            let before = try await PassthroughRelayTests.relayed(server)
            _ = try await RawHTTP.send(
                port: server.port, filled("GET /passthrough/{id}/stats \(head)Connection: close\r\n\r\n", id: id, key: server.apiKey),
                untilClosed: true)
            if try await PassthroughRelayTests.relayed(server) > before { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("no call to \(id) was relayed")
    }

    /// The answer to `GET /passthrough/{id}/items` with `key`, on `kept`.
    static func items(of id: String, key: String, on kept: RawHTTP.KeptConnection) async throws -> RawHTTP.Answer {
        try await kept.exchange(filled("GET /passthrough/{id}/items \(head)\r\n", id: id, key: key))
    }

    /// A server connection remembers its caller's key and the connection it called last, and a call reuses them only
    /// while they still hold: a new version of the connection, another connection, and another key are each seen
    /// by the next call on the same kept connection.
    @Test func aKeptConnectionSeesEachChangeToTheConnectionAndKeyItCalls() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await PassthroughTests.connection(server, apiURL: upstream.base + "/first/")
            let other = try await PassthroughTests.connection(server, apiURL: upstream.base + "/other/")
            try await Self.waitUntilRelayed(server, id: id)
            try await Self.waitUntilRelayed(server, id: other)
            let kept = try RawHTTP.KeptConnection(port: server.port)
            let call = { (id: String, key: String) in try await Self.items(of: id, key: key, on: kept) }
            let before = try await PassthroughRelayTests.relayed(server)
            let first = try await call(id, server.apiKey)
            #expect(first.status == 200 && first.text.contains(#""path": "/first/items""#), "\(first.text)")

            let patched = try await server.request(
                .patch, "/unified/connection/\(id)", body: #"{"auth": {"api_url": "\#(upstream.base)/patched/"}}"#)
            #expect(patched.status == .ok)
            // Whatever the change feed drops after the write has been dropped before the new version is read.
            try await Task.sleep(for: .milliseconds(500))
            try await Self.waitUntilRelayed(server, id: id)
            let relayedBefore = try await PassthroughRelayTests.relayed(server)
            let second = try await call(id, server.apiKey)
            #expect(second.status == 200 && second.text.contains(#""path": "/patched/items""#), "the new version: \(second.text)")
            let third = try await call(other, server.apiKey)
            #expect(third.status == 200 && third.text.contains(#""path": "/other/items""#), "the other connection: \(third.text)")
            let fourth = try await call(id, server.apiKey)
            #expect(fourth.status == 200 && fourth.text.contains(#""path": "/patched/items""#), "\(fourth.text)")
            #expect(try await PassthroughRelayTests.relayed(server) == relayedBefore + 3, "each call relayed from the bytes")
            #expect(relayedBefore > before)

            let stranger = try await server.store.createWorkspace(name: "stranger")
            _ = try await server.request(.get, "/unified/connection", authorization: stranger.apiKey)
            #expect(try await call(id, stranger.apiKey).status == 404, "another key, another workspace")
            #expect(try await call(id, "lk_not_a_key").status == 401)
            let again = try await call(id, server.apiKey)
            #expect(again.status == 200 && again.text.contains(#""path": "/patched/items""#), "\(again.text)")

        }
    }

    /// Locks the `api_keys` table of the PostgreSQL database at `url` for `seconds`, so that reading a key waits
    /// meanwhile; returns once the lock is held (`nil` when it is not within two seconds).
    static func lockingKeys(at url: String, forSeconds seconds: Int) async throws -> Task<ChildProcess.Result, any Error>? {
        let lock = Task {
            try await ChildProcess.run(
                "/usr/bin/env",
                [
                    "psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c",
                    "BEGIN; LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(\(seconds)); COMMIT;",
                ])
        }
        return try await keysLock(at: url, granted: true) ? lock : nil
    }

    /// Waits up to two seconds for a lock on the `api_keys` table of the PostgreSQL database at `url`: one held
    /// (`granted`), or one waited for (a key being read while the table is locked); whether there is one.
    static func keysLock(at url: String, granted: Bool) async throws -> Bool {
        let locks =
            "SELECT count(*) FROM pg_locks JOIN pg_class ON pg_class.oid = pg_locks.relation"
            + " WHERE relname = 'api_keys' AND \(granted ? "mode = 'AccessExclusiveLock' AND granted" : "NOT granted")"
        let deadline = ContinuousClock.now + .seconds(2)
        while (Int(
            try await ChildProcess.run("/usr/bin/env", ["psql", url, "-t", "-A", "-c", locks]).output.trimmingCharacters(
                in: .whitespacesAndNewlines)) ?? 0) < 1
        {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// A key and a connection of a new workspace, neither of them read yet, whose API base is `path` on `upstream`.
    static func unreadConnection(_ server: ServerUnderTest, upstream: PythonPeer, path: String) async throws -> (id: String, key: String) {
        let other = try await server.store.createWorkspace(name: "other")
        var auth = ConnectionAuth()
        auth.accessToken = PassthroughTests.goodToken
        auth.apiURL = upstream.base + path
        let connection = try await server.store.insertConnection(workspaceID: other.id, draft: ConnectionDraft(integrationType: "upapi", auth: auth))
        return (connection.id, other.apiKey)
    }

    /// A call held while its key is read in counts as a request in progress: the idle timeout does not close its
    /// connection, however long the reading takes.
    @Test func aCallHeldLongerThanTheIdleTimeoutIsAnswered() async throws {
        let shortIdle: @Sendable (inout ServerConfiguration) -> Void = { $0.idleTimeout = .seconds(1) }
        try await PassthroughTests.withUpstream(.postgres, configure: shortIdle) { server, upstream in
            guard case .postgres(let url) = server.location else { return }
            let (id, key) = try await Self.unreadConnection(server, upstream: upstream, path: "/held/")
            let lock = try #require(try await Self.lockingKeys(at: url, forSeconds: 3), "the keys' table was not locked")
            let sent = ContinuousClock.now
            let answer = try await RawHTTP.send(
                port: server.port, "GET /passthrough/\(id)/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(key)\r\n\r\n", untilClosed: true)
            #expect(answer.status == 200 && answer.text.contains(#""path": "/held/items""#), "answered after the hold: \(answer.text)")
            #expect(sent.duration(to: .now) > .seconds(2), "the hold lasted past the idle timeout")
            #expect(answer.closedByServer, "and the connection closed once idle")
            #expect(try await lock.value.status == 0)
        }
    }

    /// A call held while its key is read in, when the server is told to stop: once the key has been read, the call
    /// goes to the router, which answers it, and the connection closes. PostgreSQL keeps the keys' table locked for
    /// three seconds, so that the hold outlasts the start of the stop.
    @Test func aCallHeldWhileTheServerStopsIsAnsweredAndItsConnectionCloses() async throws {
        let pending = Mutex<(call: Task<RawHTTP.Answer, any Error>, lock: Task<ChildProcess.Result, any Error>)?>(nil)
        try await PassthroughTests.withUpstream(.postgres) { server, upstream in
            guard case .postgres(let url) = server.location else { return }
            let (id, key) = try await Self.unreadConnection(server, upstream: upstream, path: "/held/")
            let lock = try #require(try await Self.lockingKeys(at: url, forSeconds: 3), "the keys' table was not locked")
            let port = server.port
            let call = Task {
                try await RawHTTP.send(
                    port: port, "GET /passthrough/\(id)/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(key)\r\n\r\n",
                    untilClosed: true)
            }
            pending.withLock { $0 = (call, lock) }
            // The server stops once the call is held: its key is being read, and waits for the lock.
            #expect(try await Self.keysLock(at: url, granted: false), "the call was held while its key was read")
        }
        let (call, lock) = try #require(pending.withLock { $0 })
        let answer = try await call.value
        #expect(answer.status == 200 && answer.text.contains(#""path": "/held/items""#), "the held call was answered: \(answer.text)")
        #expect(answer.closedByServer, "and its connection closed")
        #expect(try await lock.value.status == 0)
    }

    /// A call whose key or connection memory does not hold (a connection's first call, a key not proven lately, a
    /// connection just written) is held while they are read, then relayed like any other: the server connection
    /// stays with the relay. What memory cannot help with goes to the router as before.
    @Test func aCallMemoryLacksIsReadInAndRelayed() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await PassthroughTests.connection(server, apiURL: upstream.base + "/first/")
            let kept = try RawHTTP.KeptConnection(port: server.port)
            let call = { (id: String, key: String) in try await Self.items(of: id, key: key, on: kept) }
            var relayed = try await PassthroughRelayTests.relayed(server)
            let first = try await call(id, server.apiKey)
            #expect(first.status == 200 && first.text.contains(#""path": "/first/items""#), "the connection's first call: \(first.text)")
            #expect(try await PassthroughRelayTests.relayed(server) == relayed + 1, "relayed, not routed")

            let patched = try await server.request(
                .patch, "/unified/connection/\(id)", body: #"{"auth": {"api_url": "\#(upstream.base)/patched/"}}"#)
            #expect(patched.status == .ok)
            relayed = try await PassthroughRelayTests.relayed(server)
            let afterWrite = try await call(id, server.apiKey)
            #expect(afterWrite.status == 200 && afterWrite.text.contains(#""path": "/patched/items""#), "\(afterWrite.text)")
            #expect(try await PassthroughRelayTests.relayed(server) == relayed + 1, "the first call after a write, relayed")

            // A workspace whose key has not been used yet, and its connection, both read in by the relay.
            let other = try await server.store.createWorkspace(name: "other")
            var auth = ConnectionAuth()
            auth.accessToken = PassthroughTests.goodToken
            auth.apiURL = upstream.base + "/theirs/"
            let theirs = try await server.store.insertConnection(workspaceID: other.id, draft: ConnectionDraft(integrationType: "upapi", auth: auth))
            relayed = try await PassthroughRelayTests.relayed(server)
            let fresh = try await call(theirs.id, other.apiKey)
            #expect(fresh.status == 200 && fresh.text.contains(#""path": "/theirs/items""#), "\(fresh.text)")
            #expect(try await PassthroughRelayTests.relayed(server) == relayed + 1, "a key not proven lately, relayed")

            let requests = try await PassthroughTests.stats(upstream)["requests"] as? Int
            #expect(try await call(id, other.apiKey).status == 404, "another workspace's connection")
            #expect(try await PassthroughRelayTests.relayed(server) == relayed + 1)
            #expect(try await PassthroughTests.stats(upstream)["requests"] as? Int == requests, "nothing reached the upstream")
            let again = try await call(id, server.apiKey)
            #expect(again.status == 200 && again.text.contains(#""path": "/patched/items""#), "\(again.text)")

            // A body, and a request behind it, that come while the first call of a connection is held.
            let posted = try await PassthroughTests.connection(server)
            relayed = try await PassthroughRelayTests.relayed(server)
            let exchange = try await Self.exchange(
                "POST /passthrough/{id}/held \(Self.head)Content-Length: 5\r\n\r\nhello" + "GET /passthrough/{id}/behind \(Self.head)\r\n"
                    + Self.last, server: server, id: posted, upstream: upstream)
            #expect(exchange.statuses == ["HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 200"], "\(exchange.text)")
            #expect(exchange.paths == ["/held", "/behind", "/last"])
            #expect(exchange.text.contains(#""body": "hello""#))
            #expect(try await PassthroughRelayTests.relayed(server) == relayed + 3)
        }
    }

    /// When memory lets a connection go (here a second after it was read, as `--connection-cache-max-age` says),
    /// every kept server connection calling it finds it missing at once. Each reads it in again, or finds it read in
    /// by another meanwhile, and goes on relaying from the bytes: none is handed to SwiftNIO's decoder and the router,
    /// where its calls would take the general path for as long as it stays open.
    @Test func callsThatFindMemoryRefilledByAnotherConnectionStayRelayedFromTheBytes() async throws {
        try await PassthroughTests.withUpstream(connectionCache: ConnectionCacheSettings(maxAge: .seconds(1))) { server, _ in
            let id = try await PassthroughTests.connection(server)
            let kept = try (0..<8).map { _ in try RawHTTP.KeptConnection(port: server.port) }
            let key = server.apiKey
            let before = try await PassthroughRelayTests.relayed(server)
            for _ in 0..<3 {
                let answers = try await withThrowingTaskGroup(of: RawHTTP.Answer.self) { group in
                    for connection in kept { group.addTask { try await Self.items(of: id, key: key, on: connection) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                for answer in answers { #expect(answer.status == 200, "\(answer.text)") }
                try await Task.sleep(for: .milliseconds(1100))
            }
            #expect(try await PassthroughRelayTests.relayed(server) == before + 24, "every call relayed")
            #expect(try await Self.handovers(server) == 0)

            // A call the relay cannot take and cannot lend (its body is larger than the relay reads first) hands its
            // connection over for good, and is counted.
            let large = String(repeating: "x", count: 64 * 1024 + 1)
            let stranger = try RawHTTP.KeptConnection(port: server.port)
            let posted = try await stranger.exchange(
                Self.filled("POST /passthrough/{id}/large \(Self.head)Content-Length: \(large.utf8.count)\r\n\r\n\(large)", id: id, key: key))
            #expect(posted.status == 200, "\(posted.text.prefix(500))")
            #expect(try await Self.handovers(server) == 1)
        }
    }

    /// Passthrough calls relayed after SwiftNIO's decoder read them (on a connection handed over).
    static func relayedBehindCodec(_ server: ServerUnderTest) async throws -> Double {
        let metrics = try await server.request(.get, "/metrics", authorization: "").text
        return PassthroughTests.sample("latchkey_passthrough_relayed_behind_codec_total", in: metrics) ?? 0
    }

    /// A caller connection that mixes API calls with passthrough calls (as an SDK's pooled connections do) keeps
    /// its passthrough calls relayed from the bytes: each API call, with its body, is lent to SwiftNIO's decoder on
    /// its own, and the relay reads on once it has been answered, pipelined requests behind it included. A request
    /// whose end the two readings might not agree on (a chunked body) hands the connection over for good.
    @Test func apiCallsAreLentToTheRouterAndTheCallsAfterThemStayRelayedFromTheBytes() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            let kept = try RawHTTP.KeptConnection(port: server.port)
            let key = server.apiKey
            let api = { (request: String) in try await kept.exchange(Self.filled(request, id: id, key: key)) }
            let relayed = try await PassthroughRelayTests.relayed(server)
            let behindCodec = try await Self.relayedBehindCodec(server)

            let listed = try await api("GET /unified/connection?limit=1 \(Self.head)\r\n")
            #expect(listed.status == 200 && listed.text.contains(#""id""#), "\(listed.text)")
            #expect(try await Self.items(of: id, key: key, on: kept).status == 200)
            let body = #"{"integration_type": "upapi", "auth": {"access_token": "\#(PassthroughTests.goodToken)"}}"#
            let created = try await api(
                "POST /unified/connection \(Self.head)Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            #expect(created.status == 200 && created.text.contains(#""upapi""#), "\(created.text)")
            #expect(try await Self.items(of: id, key: key, on: kept).status == 200)
            let unknownKey = try await api("GET /passthrough/{id}/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: lk_not_a_key\r\n\r\n")
            #expect(unknownKey.status == 401, "\(unknownKey.text)")
            #expect(try await Self.items(of: id, key: key, on: kept).status == 200)
            #expect(try await PassthroughRelayTests.relayed(server) == relayed + 3)
            #expect(try await Self.relayedBehindCodec(server) == behindCodec, "all relayed from the bytes")

            // An API call and passthrough calls sent at once are answered in order; the last asks to close.
            let exchange = try await Self.exchange(
                "GET /unified/connection?limit=1 \(Self.head)\r\nGET /passthrough/{id}/after \(Self.head)\r\n" + Self.last, server: server,
                id: id, upstream: upstream)
            #expect(exchange.statuses == ["HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 200"], "\(exchange.text)")
            #expect(exchange.paths == ["/after", "/last"])
            #expect(try await Self.relayedBehindCodec(server) == behindCodec)

            // A chunked body: the connection goes to SwiftNIO's decoder for good, and its next call is relayed there.
            let chunked = try await api(
                "POST /unified/connection \(Self.head)Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + String(body.utf8.count, radix: 16) + "\r\n\(body)\r\n0\r\n\r\n")
            #expect(chunked.status == 200, "\(chunked.text)")
            #expect(try await Self.items(of: id, key: key, on: kept).status == 200)
            #expect(try await Self.relayedBehindCodec(server) == behindCodec + 1)
            #expect(try await Self.handovers(server) == 0, "not a passthrough call")
        }
    }

    static func handovers(_ server: ServerUnderTest) async throws -> Double? {
        let metrics = try await server.request(.get, "/metrics", authorization: "").text
        return PassthroughTests.sample("latchkey_passthrough_handovers_total", in: metrics)
    }

    /// Relayed calls on one kept connection are each counted by their own status, although the connection's handler
    /// keeps the metric handles its last call used.
    @Test func relayedCallsOnOneConnectionAreCountedByTheirOwnStatus() async throws {
        try await PassthroughTests.withUpstream { server, _ in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            try await Self.waitUntilRelayed(server, id: id)
            let names = [200, 429, 404].map { status in
                (
                    status,
                    #"latchkey_passthrough_requests_total{integration="upapi",status="\#(status)"}"#,
                    #"latchkey_http_requests_total{route="/passthrough/{id}/**",method="GET",status="\#(status)"}"#
                )
            }
            let counts = {
                let text = try await server.request(.get, "/metrics", authorization: "").text
                return names.map {
                    (status: $0.0, passthrough: PassthroughTests.sample($0.1, in: text) ?? 0, requests: PassthroughTests.sample($0.2, in: text) ?? 0)
                }
            }
            let before = try await counts()
            let relayedBefore = try await PassthroughRelayTests.relayed(server)
            let kept = try RawHTTP.KeptConnection(port: server.port)
            for path in ["a", "status/429", "b", "status/404", "status/429"] {
                _ = try await kept.exchange(Self.filled("GET /passthrough/{id}/\(path) \(Self.head)\r\n", id: id, key: server.apiKey))
            }
            #expect(try await PassthroughRelayTests.relayed(server) == relayedBefore + 5)
            let after = try await counts()
            let expected: [Int: Double] = [200: 2, 429: 2, 404: 1]
            for (old, new) in zip(before, after) {
                #expect(new.passthrough - old.passthrough == expected[old.status], "upstream status \(old.status)")
                #expect(new.requests - old.requests == expected[old.status], "answered status \(old.status)")
            }
        }
    }

    /// An answer that breaks off in its body: the caller gets its head, then the connection closes, on both paths.
    @Test func anAnswerBrokenInItsBodyClosesTheCallersConnection() async throws {
        try await PassthroughTests.withUpstream { server, _ in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            let start = ContinuousClock.now
            let relayed = try await RawHTTP.send(
                port: server.port, Self.filled("GET /passthrough/{id}/raw/bad-chunk \(Self.head)\r\n", id: id, key: server.apiKey),
                untilClosed: true)
            #expect(ContinuousClock.now - start < .seconds(5))
            #expect(relayed.status == 200 && !relayed.text.contains("hello"), "\(relayed.text)")
            let routed = try? await server.request(.get, "/passthrough/\(id)/raw/bad-chunk")
            #expect(routed == nil || routed?.text.contains("hello") == false)
        }
    }

    static func unchunked(_ text: String) -> String {
        var rest = Array(text.utf8)[...]
        var content: [UInt8] = []
        while let lineEnd = rest.firstIndex(of: UInt8(ascii: "\r")), let size = Int(String(decoding: rest[..<lineEnd], as: UTF8.self), radix: 16),
            size > 0, rest.count >= lineEnd - rest.startIndex + 2 + size + 2
        {
            content += rest[(lineEnd + 2)..<(lineEnd + 2 + size)]
            rest = rest[(lineEnd + 2 + size + 2)...]
        }
        return String(decoding: content, as: UTF8.self)
    }

    /// Request heads with bytes changed at random (spaces, CR, LF, colons, tabs, control and non-ASCII bytes, digits
    /// in and out of place): whatever arrives, the server keeps serving, and plain calls after them are still relayed.
    @Test(arguments: [1, 2, 3]) func mangledRequestHeadsNeverStopTheServer(seed: UInt64) async throws {
        try await PassthroughTests.withUpstream { server, _ in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            let valid = Array(
                Self.filled("POST /passthrough/{id}/fuzz?a=1 \(Self.head)Content-Length: 2\r\nConnection: keep-alive\r\n", id: id, key: server.apiKey)
                    .utf8)
            let interesting: [UInt8] = [0x20, 0x0D, 0x0A, 0x3A, 0x09, 0x00, 0x7F, 0x80, 0xFF, 0x2F, 0x3F, 0x25, 0x2C, 0x30, 0x39, 0x41, 0x7A]
            var random = SeededGenerator(seed: seed)
            for round in 0..<150 {
                var bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let position = Int.random(in: 0..<bytes.count, using: &random)
                    let byte = interesting.randomElement(using: &random)!
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: bytes[position] = byte
                    case 1: bytes.insert(byte, at: position)
                    default: bytes.remove(at: position)
                    }
                }
                try await RawHTTP.sendAndHangUp(port: server.port, String(decoding: bytes + Array("\r\nok".utf8), as: UTF8.self))
                if round % 50 == 49 {
                    #expect(try await server.request(.get, "/health", authorization: "").status == .ok, "seed \(seed), round \(round)")
                }
            }
            // Calls among them that were still relayable end after their callers hung up: wait until none is left.
            var before = try await PassthroughRelayTests.relayed(server)
            for _ in 0..<50 {
                try await Task.sleep(for: .milliseconds(200))
                let now = try await PassthroughRelayTests.relayed(server)
                if now == before { break }
                before = now
            }
            // A call among them may still end meanwhile on a loaded machine: the plain call is made up to three times,
            // and must be counted as relayed, alone, once.
            var relayedAlone = false
            for _ in 0..<3 where !relayedAlone {
                before = try await PassthroughRelayTests.relayed(server)
                let plain = try await RawHTTP.send(
                    port: server.port, Self.filled("GET /passthrough/{id}/after \(Self.head)Connection: close\r\n\r\n", id: id, key: server.apiKey),
                    untilClosed: true)
                #expect(plain.status == 200)
                relayedAlone = try await PassthroughRelayTests.relayed(server) == before + 1
            }
            #expect(relayedAlone)
        }
    }

    /// Requests the relay does not read strictly, each followed by a plain call, sent to a server with the relay and
    /// to one without it: both answer alike and ask the upstream for the same paths, so nothing was smuggled past
    /// SwiftNIO's reading of the bytes.
    @Test func whatTheRelayDoesNotReadStrictlySwiftNIOReadsAsWithoutIt() async throws {
        let head = Self.head
        let cases = [
            "get /passthrough/{id}/lowercase \(head)\r\n",
            "GET /passthrough/{id}/http10 HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: {key}\r\nConnection: keep-alive\r\n\r\n",
            "GET /passthrough/{id}/folded \(head)X-A: one\r\n two\r\n\r\n",
            "GET /passthrough/{id}/bare-lf HTTP/1.1\nHost: 127.0.0.1\nAuthorization: {key}\n\n",
            "GET /passthrough/{id}/two-hosts \(head)Host: evil.example\r\n\r\n",
            "POST /passthrough/{id}/both \(head)Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + "GET /passthrough/{id}/smuggled \(head)\r\n",
            "POST /passthrough/{id}/spaced \(head)Content-Length : 3\r\n\r\nabc",
            "POST /passthrough/{id}/lengths \(head)Content-Length: 3\r\nContent-Length: 30\r\n\r\nabc",
            "POST /passthrough/{id}/plus \(head)Content-Length: +3\r\n\r\nabc",
            "POST /passthrough/{id}/chunked \(head)Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "POST /passthrough/{id}/expect \(head)Content-Length: 3\r\nExpect: 100-continue\r\n\r\nabc",
            "GET /passthrough/{id}/control \(head)X-A: a\u{1}b\r\n\r\n",
            "GET http://127.0.0.1/passthrough/{id}/absolute \(head)\r\n",
            "\r\nGET /passthrough/{id}/leading \(head)\r\n",
            "GET /passthrough/{id}/upgrade \(head)Connection: Upgrade\r\nUpgrade: h2c\r\n\r\n",
            "GET /passthrough/{id}/tab-name \(head)X-A\t: v\r\n\r\n",
            "GET  /passthrough/{id}/two-spaces \(head)\r\n",
            "GET \(head)\r\n",  // no target
            "GET HTTP/1.1 \(head)\r\n",
            " GET /passthrough/{id}/leading-space \(head)\r\n",
            "GET /passthrough/{id}/no-version\r\nHost: 127.0.0.1\r\nAuthorization: {key}\r\n\r\n",
            "GET /passthrough/{id}/big \(head)X-Big: \(String(repeating: "b", count: 20_000))\r\n\r\n",
            "GET /unified/connection \(head)\r\nGET /passthrough/{id}/after-router \(head)\r\n",
        ]
        try await PassthroughTests.withUpstream { relaying, upstream in
            let relayingID = try await PassthroughRelayTests.warmedConnection(relaying)
            try await withServer(
                catalog: Catalog(Catalog.builtIn().integrations + [PassthroughTests.integration(upstream)]),
                configure: { $0.passthroughRelay = false }
            ) { plain in
                let plainID = try await PassthroughTests.connection(plain)
                for template in cases {
                    let request = template + Self.last
                    let withRelay = try await Self.exchange(request, server: relaying, id: relayingID, upstream: upstream)
                    let without = try await Self.exchange(request, server: plain, id: plainID, upstream: upstream)
                    #expect(withRelay.statuses == without.statuses, "\(template.debugDescription)\n\(withRelay.text)\n\(without.text)")
                    #expect(withRelay.paths == without.paths, "\(template.debugDescription)")
                    #expect(!withRelay.paths.contains("/smuggled"))
                }
            }
        }
    }

    /// The body of the first answer in `text`, the answers read off one connection, as the upstream's echo.
    static func firstEcho(_ text: String) -> [String: Any] {
        let bytes = Array(text.utf8)
        guard let headEnd = bytes.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound,
            let lengthLine = String(decoding: bytes[..<headEnd], as: UTF8.self).lowercased().split(separator: "\r\n")
                .first(where: { $0.hasPrefix("content-length:") }),
            let length = Int(lengthLine.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
            headEnd + length <= bytes.count
        else { return [:] }
        let body = Data(bytes[headEnd..<(headEnd + length)])
        return (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    /// What the upstream saw of a call, less what the transport itself chooses.
    static func seen(_ echo: [String: Any]) -> String {
        var headers = echo["headers"] as? [String: String] ?? [:]
        headers["host"] = nil
        headers["user-agent"] = nil
        let fields = headers.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "; ")
        return "\(echo["method"] ?? "") \(echo["target"] ?? "") [\(fields)] \(echo["body"] ?? "")"
    }

    static func smallHeaderLimit(_ configuration: inout ServerConfiguration) {
        configuration.passthroughMaxHeaderSize = 1_000
    }

    static func smallHeaderLimitWithoutRelay(_ configuration: inout ServerConfiguration) {
        smallHeaderLimit(&configuration)
        configuration.passthroughRelay = false
    }

    /// Calls written from the bytes reach the upstream as the router sends them: under an API base with a path, with
    /// credentials in a header and in the query, the caller's fields forwarded (names lowercased, a repeated one's
    /// values in order) less the hop-by-hop ones, those the `Connection` field names, the caller's key and a field the
    /// credentials set. Headers over the server's limit are answered 431 by the router.
    @Test func callsWrittenFromTheBytesReachTheUpstreamAsTheRoutersDo() async throws {
        guard let keyed = try await PythonPeer.start("upstream/server.py", arguments: ["--header", "X-Api-Key", "--value", "k-123"]) else {
            return
        }
        defer { keyed.stop() }
        let integration = Integration(
            type: "based", name: "Based", categories: [], apiURL: keyed.base + "/v1/", tokenNames: ["API Key", "Account"],
            auth: IntegrationAuth(
                other: EnteredCredentialSettings(apply: CredentialPlacement(header: ["X-Api-Key": "{API Key}"], query: ["account": "{Account}"]))))
        let auth = #"{"integration_type": "based", "auth": {"other_auth_info": ["k-123", "acct 9"]}}"#
        let head = Self.head
        let cases = [
            "GET /passthrough/{id}/items/7?b=2&a=1 \(head)X-Custom: v\r\nx-plain: p\r\nx-tight:t\r\nx-spaced: \t s \t\r\nx-run: r\r\n"
                + "ACCEPT: text/plain\r\nX-Twice: 1\r\nx-twice: 2\r\n"
                + "X-Api-Key: the-callers\r\nConnection: keep-alive, X-Drop\r\nX-Drop: gone\r\nKeep-Alive: 5\r\nTE: trailers\r\n\r\n",
            "GET /passthrough/{id} \(head)\r\n",
            "GET /passthrough/{id}/ \(head)\r\n",
            "GET /passthrough/{id}?only=query \(head)\r\n",
            "DELETE /passthrough/{id}/items/7? \(head)\r\n",
            "POST /passthrough/{id}/items \(head)Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
            "PUT /passthrough/{id}/items/%7E7 \(head)\r\n",
            "PATCH /passthrough/{id}/items \(head)Content-Length: 2\r\n\r\n{}",
            "OPTIONS /passthrough/{id}/items \(head)Proxy-Authorization: x\r\nUpgrade-Insecure-Requests: 1\r\n\r\n",
            "GET /passthrough/{id}/big \(head)X-Big: \(String(repeating: "b", count: 1_500))\r\n\r\n",
        ]
        let catalog = Catalog(Catalog.builtIn().integrations + [integration])
        try await withServer(catalog: catalog, configure: Self.smallHeaderLimit) { relaying in
            let relayingID = try await relaying.createConnection(auth)
            try await withServer(catalog: catalog, configure: Self.smallHeaderLimitWithoutRelay) { plain in
                let plainID = try await plain.createConnection(auth)
                #expect(try await relaying.request(.get, "/passthrough/\(relayingID)/warm").status == .ok)
                try await Self.waitUntilRelayed(relaying, id: relayingID)
                for template in cases {
                    let before = try await PassthroughRelayTests.relayed(relaying)
                    let request = template + Self.last
                    let withRelay = try await RawHTTP.send(
                        port: relaying.port, Self.filled(request, id: relayingID, key: relaying.apiKey), untilClosed: true)
                    let without = try await RawHTTP.send(port: plain.port, Self.filled(request, id: plainID, key: plain.apiKey), untilClosed: true)
                    let statuses = PersistentConnectionTests.statusLines(withRelay.text)
                    #expect(statuses == PersistentConnectionTests.statusLines(without.text), "\(template)\n\(withRelay.text)")
                    let relayedNow = try await PassthroughRelayTests.relayed(relaying) - before
                    if template.contains("/big ") {
                        #expect(statuses.first == "HTTP/1.1 431", "\(withRelay.text)")
                        let paths = try await PassthroughTests.stats(keyed)["paths"] as? [String] ?? []
                        #expect(!paths.contains { $0.hasPrefix("/v1/big") }, "\(paths)")
                        continue
                    }
                    #expect(statuses == ["HTTP/1.1 200", "HTTP/1.1 200"], "\(template)\n\(withRelay.text)")
                    #expect(relayedNow == 2, "\(template)")
                    let seen = Self.seen(Self.firstEcho(withRelay.text))
                    #expect(seen == Self.seen(Self.firstEcho(without.text)), "\(template)")
                    #expect(!seen.contains(relaying.apiKey) && !seen.contains("the-callers") && !seen.contains("gone"))
                    #expect(seen.contains("x-api-key: k-123") && seen.contains("account=acct%209"), "\(seen)")
                }
                let first = Self.seen(
                    Self.firstEcho(
                        try await RawHTTP.send(
                            port: relaying.port, Self.filled(cases[0] + Self.last, id: relayingID, key: relaying.apiKey), untilClosed: true
                        ).text))
                #expect(first.hasPrefix("GET /v1/items/7?b=2&a=1&account=acct%209 ["), "\(first)")
                #expect(first.contains("x-twice: 1, 2") && first.contains("accept: text/plain") && first.contains("x-custom: v"), "\(first)")
                #expect(!first.contains("keep-alive") && !first.contains("te: "), "\(first)")
            }
        }
    }

    /// The relay's timer outlives each call on a connection: a slow call after quick ones still gets its 504 at the
    /// upstream time limit, and the call after it is relayed as usual.
    @Test func aSlowCallAfterQuickOnesOnOneConnectionStillTimesOut() async throws {
        try await PassthroughTests.withUpstream(configure: PassthroughRelayTests.oneSecondUpstreamLimit) { server, upstream in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            try await Self.waitUntilRelayed(server, id: id)
            let before = try await PassthroughRelayTests.relayed(server)
            let exchange = try await Self.exchange(
                "GET /passthrough/{id}/quick \(Self.head)\r\nGET /passthrough/{id}/quick-again \(Self.head)\r\n"
                    + "GET /passthrough/{id}/slow/3 \(Self.head)\r\n" + Self.last,
                server: server, id: id, upstream: upstream)
            #expect(exchange.statuses == ["HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 504", "HTTP/1.1 200"], "\(exchange.text)")
            #expect(exchange.text.contains("upstream_timeout"))
            #expect(try await PassthroughRelayTests.relayed(server) == before + 4)
        }
    }
}
