import Foundation
import HTTPTypes
import LatchkeyCatalog
import LatchkeyServer
import LatchkeyTestSupport
import Synchronization
import Testing

/// The relay: passthrough calls are answered on the event loop (once their key and connection are in memory, read
/// there first when they are not), and answered as the router's route answers them; `--no-passthrough-relay` gives
/// the router's answers to compare with. `latchkey_passthrough_relayed_total` tells which path answered.
@Suite(.serialized) struct PassthroughRelayTests {
    static func relayed(_ server: ServerUnderTest) async throws -> Double {
        let text = try await server.request(.get, "/metrics", authorization: "").text
        return PassthroughTests.sample("latchkey_passthrough_relayed_total", in: text) ?? 0
    }

    /// A new connection, called once, so that it is in memory.
    static func warmedConnection(_ server: ServerUnderTest) async throws -> String {
        let id = try await PassthroughTests.connection(server)
        #expect(try await server.request(.get, "/passthrough/\(id)/warm").status == .ok)
        return id
    }

    /// The parts of an upstream's echo that must not depend on the path that sent the call.
    static func comparable(_ response: HTTPResult) -> String {
        var seen = response.object
        var headers = seen["headers"] as? [String: String] ?? [:]
        headers["date"] = nil
        seen["headers"] = headers
        let answered = response.headers.filter { $0.name != .date }.map { "\($0.name.canonicalName): \($0.value)" }.sorted()
        let data = (try? JSONSerialization.data(withJSONObject: seen, options: [.sortedKeys])) ?? Data()
        return "\(response.status.code) \(answered) \(String(decoding: data, as: UTF8.self))"
    }

    /// The same calls to a server that relays and to one with the relay off, both calling the same upstream.
    @Test func theRelayForwardsAndAnswersExactlyAsTheRouterDoes() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let catalog = Catalog(Catalog.builtIn().integrations + [PassthroughTests.integration(upstream)])
            try await withServer(catalog: catalog, configure: Self.relayOff) { plain in
                try await Self.compare(relaying: server, plain: plain)
            }
        }
    }

    private static func compare(relaying server: ServerUnderTest, plain: ServerUnderTest) async throws {
        let id = try await Self.warmedConnection(server)
        let plainID = try await PassthroughTests.connection(plain)
        let calls: [(HTTPRequest.Method, String, [String: String])] = [
            (.get, "/items/7?b=2&a=1&a=1&q=%C3%A9&empty=", ["x-custom": "v1", "accept": "application/json"]),
            (.delete, "/items/7", ["connection": "x-drop", "x-drop": "hop", "x-kept": "end"]),
            (.options, "", [:]),
            (.post, "/items", ["x-request-id": "r-1"]),
            (.get, "/status/429", [:]),
            (.get, "/redirect", [:]),
            (.get, "/early-hints", [:]),
        ]
        for (method, path, headers) in calls {
            let before = try await Self.relayed(server)
            let routed = try await plain.request(method, "/passthrough/\(plainID)\(path)", headers: headers)
            let relayed = try await server.request(method, "/passthrough/\(id)\(path)", headers: headers)
            #expect(try await Self.relayed(server) == before + 1, "\(method) \(path) was relayed")
            #expect(try await Self.relayed(plain) == 0)
            #expect(Self.comparable(routed) == Self.comparable(relayed), "\(method) \(path)")
            #expect(!relayed.text.contains(server.apiKey))
        }
    }

    @Test func aConnectionInMemoryServesOnlyItsOwnWorkspace() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await Self.warmedConnection(server)
            #expect(try await server.request(.get, "/passthrough/\(id)/warm").status == .ok)
            let before = try await Self.relayed(server)
            let other = try await server.store.createWorkspace(name: "other")
            _ = try await server.request(.get, "/unified/connection", authorization: other.apiKey)
            let requests = try await PassthroughTests.stats(upstream)["requests"] as? Int
            let foreign = try await server.request(.get, "/passthrough/\(id)/x", authorization: other.apiKey)
            #expect(foreign.status == .notFound)
            #expect(try await server.request(.get, "/passthrough/\(id)/x", authorization: "lk_not_a_key").status == .unauthorized)
            #expect(try await PassthroughTests.stats(upstream)["requests"] as? Int == requests, "nothing reached the upstream")
            #expect(try await Self.relayed(server) == before)
        }
    }

    @Test func eachCallOnOneConnectionIsJudgedByItsOwnKey() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await Self.warmedConnection(server)
            let other = try await server.store.createWorkspace(name: "other")
            _ = try await server.request(.get, "/unified/connection", authorization: other.apiKey)
            let requests = try await PassthroughTests.stats(upstream)["requests"] as? Int ?? 0
            let before = try await Self.relayed(server)
            let call = { (key: String, path: String) in "GET /passthrough/\(id)/\(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(key)\r\n\r\n"
            }
            let answer = try await RawHTTP.send(
                port: server.port,
                call(server.apiKey, "mine") + call(other.apiKey, "theirs") + call("lk_not_a_key", "nobody") + call(server.apiKey, "mine-again")
                    + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", untilClosed: true)
            let statuses = answer.text.matches(of: /HTTP\/1\.1 (\d{3})/).map { String($0.output.1) }
            #expect(statuses == ["200", "404", "401", "200", "200"], "\(answer.text.prefix(3000))")
            #expect(try await PassthroughTests.stats(upstream)["requests"] as? Int == requests + 2, "only the two calls with the right key")
            // The calls with the right key are relayed; the others are lent to the router, which refuses them.
            #expect(try await Self.relayed(server) == before + 2)
        }
    }

    @Test func smallBodiesAreRelayedAndSentAsTheRouterSendsThem() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let catalog = Catalog(Catalog.builtIn().integrations + [PassthroughTests.integration(upstream)])
            try await withServer(catalog: catalog, configure: Self.relayOff) { plain in
                let id = try await PassthroughTests.connection(server)
                let plainID = try await PassthroughTests.connection(plain)
                let largest = String(repeating: "0123456789abcdef", count: 4096)
                let calls: [(HTTPRequest.Method, String, String)] = [
                    (.post, "/items", #"{"name": "first"}"#),
                    (.put, "/items/7?version=2", #"{"name": "second"}"#),
                    (.patch, "/items/7", #"{"name": "é"}"#),
                    (.delete, "/items/7", "why=cleanup"),
                    (.post, "/largest", largest),
                ]
                for (method, path, body) in calls {
                    let before = try await Self.relayed(server)
                    let routed = try await plain.request(method, "/passthrough/\(plainID)\(path)", body: body)
                    let relayed = try await server.request(method, "/passthrough/\(id)\(path)", body: body)
                    #expect(try await Self.relayed(server) == before + 1, "\(method) \(path) was relayed")
                    #expect(relayed.object["body"] as? String == body, "\(method) \(path) arrived whole")
                    #expect(relayed.object["body_length"] as? Int == body.utf8.count)
                    #expect(Self.comparable(routed) == Self.comparable(relayed), "\(method) \(path)")
                }
                #expect(try await Self.relayed(plain) == 0)
            }
        }
    }

    @Test func largeOrChunkedBodiesHeadAndHTTP10GoThroughTheRouter() async throws {
        try await PassthroughTests.withUpstream { server, _ in
            let id = try await Self.warmedConnection(server)
            let before = try await Self.relayed(server)
            let large = String(repeating: "x", count: 64 * 1024 + 1)
            let posted = try await server.request(.post, "/passthrough/\(id)/items", body: large)
            #expect(posted.object["body_length"] as? Int == large.utf8.count)
            let call = "POST /passthrough/\(id)/items HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n"
            let chunked = try await RawHTTP.send(
                port: server.port, call + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n", untilClosed: true)
            #expect(chunked.status == 200 && chunked.text.contains(#""body": "hello""#), "\(chunked.text.prefix(800))")
            let head = try await server.request(.head, "/passthrough/\(id)/items")
            #expect(head.status == .ok && head.body.readableBytes == 0)
            let old = try await RawHTTP.send(
                port: server.port,
                "GET /passthrough/\(id)/http10 HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\nConnection: close\r\n\r\n",
                untilClosed: true)
            #expect(old.status == 200 && old.text.contains(#""/http10""#), "an HTTP/1.0 call goes to the router: \(old.text.prefix(500))")
            #expect(try await Self.relayed(server) == before)
        }
    }

    static func hundredByteBodies(_ configuration: inout ServerConfiguration) {
        configuration.passthroughMaxBodySize = 100
    }

    @Test func aBodyOverTheServersLimitIsRefusedWithoutReachingTheUpstream() async throws {
        try await PassthroughTests.withUpstream(configure: Self.hundredByteBodies) { server, upstream in
            let id = try await Self.warmedConnection(server)
            let requests = try await PassthroughTests.stats(upstream)["requests"] as? Int
            let refused = try await server.request(.post, "/passthrough/\(id)/items", body: String(repeating: "y", count: 101))
            #expect(refused.status == .contentTooLarge, "\(refused.text)")
            #expect(try await PassthroughTests.stats(upstream)["requests"] as? Int == requests, "nothing reached the upstream")
            let before = try await Self.relayed(server)
            let small = try await server.request(.post, "/passthrough/\(id)/items", body: String(repeating: "y", count: 100))
            #expect(small.object["body_length"] as? Int == 100)
            #expect(try await Self.relayed(server) == before + 1)
        }
    }

    /// A reused upstream connection that closes without answering may have carried the request to the upstream
    /// already: an idempotent call is sent once more on a new connection, a `POST` is not.
    @Test func onlyIdempotentCallsAreSentAgainWhenAReusedConnectionCloses() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await Self.warmedConnection(server)
            let before = try await Self.relayed(server)
            let host = "Host: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n"
            let answer = try await RawHTTP.send(
                port: server.port,
                "GET /passthrough/\(id)/warm HTTP/1.1\r\n\(host)\r\n"
                    + "POST /passthrough/\(id)/hangup HTTP/1.1\r\n\(host)Content-Length: 7\r\n\r\ncharge!"
                    + "GET /passthrough/\(id)/warm HTTP/1.1\r\n\(host)\r\n"
                    + "PUT /passthrough/\(id)/hangup HTTP/1.1\r\n\(host)Content-Length: 3\r\nConnection: close\r\n\r\nset",
                untilClosed: true)
            let statuses = answer.text.matches(of: /HTTP\/1\.1 (\d{3})/).map { String($0.output.1) }
            #expect(statuses == ["200", "502", "200", "502"], "\(answer.text.prefix(3000))")
            #expect(try await Self.relayed(server) == before + 4)
            let paths = try await PassthroughTests.stats(upstream)["paths"] as? [String] ?? []
            #expect(paths.filter { $0 == "/hangup" }.count == 3, "the POST once, the PUT twice: \(paths)")
        }
    }

    @Test func aRefusedTokenIsRefreshedOnceAndTheRelayedCallTriedAgain() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await PassthroughTests.connection(server, accessToken: "stale-token")
            // /stats needs no credential: the stale token is kept in memory without being refused.
            #expect(try await server.request(.get, "/passthrough/\(id)/stats").status == .ok)
            let before = try await Self.relayed(server)
            let response = try await server.request(.get, "/passthrough/\(id)/after-refusal")
            #expect(response.status == .ok, "\(response.text)")
            #expect((response.object["headers"] as? [String: String])?["authorization"] == "Bearer \(PassthroughTests.goodToken)")
            #expect(try await Self.relayed(server) == before + 1)
            let paths = try await PassthroughTests.stats(upstream)["paths"] as? [String] ?? []
            #expect(paths.filter { $0 == "/after-refusal" }.count == 2, "one refusal, one retry: \(paths)")
            #expect(paths.filter { $0 == "/token" }.count == 1, "one refresh: \(paths)")
            let metrics = try await server.request(.get, "/metrics", authorization: "").text
            #expect(metrics.contains(#"latchkey_refreshes_total{integration="upapi",outcome="refreshed"} 1"#))
            #expect(!metrics.contains(PassthroughTests.goodToken))

            // A call with a body sends it again with the retry.
            let other = try await PassthroughTests.connection(server, accessToken: "stale-token")
            // Its first calls read the database until the store's report of the new connection has come.
            try await ByteRelayTests.waitUntilRelayed(server, id: other)
            let beforePost = try await Self.relayed(server)
            let posted = try await server.request(.post, "/passthrough/\(other)/posted-after-refusal", body: #"{"sent": "twice"}"#)
            #expect(posted.status == .ok, "\(posted.text)")
            #expect(posted.object["body"] as? String == #"{"sent": "twice"}"#, "the body went with the retry too")
            let relayed = try await Self.relayed(server)
            #expect(relayed == beforePost + 1)
            let posts = try await PassthroughTests.stats(upstream)["paths"] as? [String] ?? []
            #expect(posts.filter { $0 == "/posted-after-refusal" }.count == 2, "one refusal, one retry: \(posts)")
        }
    }

    static func oneSecondUpstreamLimit(_ configuration: inout ServerConfiguration) {
        configuration.upstreamTimeout = .seconds(1)
    }

    @Test func slowAndUnreachableUpstreamsGetTheRoutesErrors() async throws {
        try await PassthroughTests.withUpstream(configure: Self.oneSecondUpstreamLimit) { server, _ in
            let id = try await Self.warmedConnection(server)
            let before = try await Self.relayed(server)
            let slow = try await server.request(.get, "/passthrough/\(id)/slow/3")
            #expect(slow.status == .gatewayTimeout)
            #expect(slow.error["code"] as? String == "upstream_timeout")
            #expect(slow.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(try await Self.relayed(server) == before + 1)
            #expect(try await server.request(.get, "/passthrough/\(id)/after-timeout").status == .ok)

            // A connection's first call is held while it is read into memory; both calls are relayed.
            let closed = try await PassthroughTests.connection(server, apiURL: "http://127.0.0.1:\(try freeLoopbackPort())")
            let first = try await server.request(.get, "/passthrough/\(closed)/x")
            let relayed = try await server.request(.get, "/passthrough/\(closed)/x")
            #expect(first.status == .badGateway && relayed.status == .badGateway)
            #expect(relayed.error["code"] as? String == "upstream_unreachable")
            #expect(first.text == relayed.text)
            #expect(try await Self.relayed(server) == before + 4)
        }
    }

    @Test func requestsArrivingDuringARelayedCallAreAnsweredAfterItInOrder() async throws {
        try await PassthroughTests.withUpstream { server, _ in
            let id = try await Self.warmedConnection(server)
            let before = try await Self.relayed(server)
            let host = "Host: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n"
            let answer = try await RawHTTP.send(
                port: server.port,
                "GET /passthrough/\(id)/slow/1 HTTP/1.1\r\n\(host)\r\n"
                    + "POST /passthrough/\(id)/second HTTP/1.1\r\n\(host)Content-Length: 2\r\n\r\nhi"
                    + "GET /passthrough/\(id)/third HTTP/1.1\r\n\(host)Connection: close\r\n\r\n", untilClosed: true)
            let order = [#""slow": true"#, #""/second""#, #""/third""#].map { answer.text.range(of: $0)?.lowerBound }
            #expect(order.allSatisfy { $0 != nil }, "\(answer.text.prefix(2000))")
            if let first = order[0], let second = order[1], let third = order[2] {
                #expect(first < second && second < third, "answered in the order asked")
            }
            #expect(answer.text.components(separatedBy: "HTTP/1.1 200").count == 4)
            #expect(try await Self.relayed(server) >= before + 1)
        }
    }

    /// The same, on a connection SwiftNIO's decoder reads (it has sent another request first): calls that waited
    /// for one before them are relayed in turn, and a request that comes after them is still answered.
    @Test func callsWaitingBehindOneOnADecodedConnectionAreAllAnswered() async throws {
        try await PassthroughTests.withUpstream { server, _ in
            let id = try await Self.warmedConnection(server)
            let kept = try RawHTTP.KeptConnection(port: server.port)
            #expect(try await kept.exchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").status == 200)
            let host = "Host: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n"
            let before = try await Self.relayed(server)
            let first = try await kept.exchange(
                "GET /passthrough/\(id)/slow/1 HTTP/1.1\r\n\(host)\r\n" + "GET /passthrough/\(id)/second HTTP/1.1\r\n\(host)\r\n"
                    + "GET /passthrough/\(id)/third HTTP/1.1\r\n\(host)\r\n")
            #expect(first.status == 200)
            try await Task.sleep(for: .milliseconds(1500))
            let last = try await kept.exchange("GET /passthrough/\(id)/fourth HTTP/1.1\r\n\(host)Connection: close\r\n\r\n", untilClosed: true)
            let all = first.text + last.text
            let order = [#""slow": true"#, #""/second""#, #""/third""#, #""/fourth""#].map { all.range(of: $0)?.lowerBound }
            #expect(order.allSatisfy { $0 != nil }, "\(all.prefix(3000))")
            #expect(all.components(separatedBy: "HTTP/1.1 200").count == 5, "\(all.prefix(3000))")
            #expect(try await Self.relayed(server) == before + 4)
        }
    }

    @Test func bytesThatCannotBeDecodedAreRefusedAfterTheRelayedCallBeforeThem() async throws {
        try await PassthroughTests.withUpstream { server, _ in
            let id = try await Self.warmedConnection(server)
            let before = try await Self.relayed(server)
            let answer = try await RawHTTP.send(
                port: server.port,
                "GET /passthrough/\(id)/slow/0.5 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n\r\nNOT HTTP AT ALL\r\n\r\n",
                untilClosed: true)
            #expect(answer.text.hasPrefix("HTTP/1.1 200"), "\(answer.text.prefix(1000))")
            let refusal = try #require(answer.text.range(of: "HTTP/1.1 400"), "\(answer.text.prefix(1000))")
            #expect(answer.text[..<refusal.lowerBound].hasSuffix(#""body": ""}"#), "the relayed answer is whole before the refusal")
            #expect(answer.text[refusal.lowerBound...].contains("malformed_request"), "the refusal is JSON")
            #expect(try await Self.relayed(server) == before + 1)
        }
    }

    @Test func relayedCallsReuseUpstreamConnections() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await Self.warmedConnection(server)
            for index in 0..<20 {
                let response = try await server.request(.get, "/passthrough/\(id)/n/\(index)")
                #expect(response.status == .ok)
            }
            let stats = try await PassthroughTests.stats(upstream)
            let connections = try #require(stats["connections"] as? Int)
            #expect(connections <= 3, "20 relayed calls opened \(connections) connections upstream")
        }
    }

    @Test func callsBeyondTheRelaysConnectionsGoThroughTheRouter() async throws {
        try await PassthroughTests.withUpstream(relayConnectionsPerEndpoint: 1) { server, upstream in
            let id = try await Self.warmedConnection(server)
            let before = try await Self.relayed(server)
            // Half of the calls bring a body, which a handed-over call passes on to the router with its head.
            let answers = try await withThrowingTaskGroup(of: (Int, HTTPResult).self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let path = "/passthrough/\(id)/slow/1?n=\(index)"
                        let answer =
                            index.isMultiple(of: 2)
                            ? try await server.request(.get, path) : try await server.request(.post, path, body: "call-\(index)")
                        return (index, answer)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.count == 8 && answers.allSatisfy { $0.1.status == .ok }, "\(answers.map { $0.1.status })")
            for (index, answer) in answers {
                #expect(answer.object["body"] as? String == (index.isMultiple(of: 2) ? "" : "call-\(index)"), "call \(index)")
            }
            let relayed = try await Self.relayed(server) - before
            #expect(relayed >= 1 && relayed < 8, "\(relayed) of 8 concurrent calls relayed with one connection per event loop")
            let paths = try await PassthroughTests.stats(upstream)["paths"] as? [String] ?? []
            #expect(paths.filter { $0.hasPrefix("/slow/1") }.count == 8, "each call reached the upstream once: \(paths)")
        }
    }

    @Test func aCallerThatHangsUpLeavesTheServerServing() async throws {
        try await PassthroughTests.withUpstream { server, upstream in
            let id = try await Self.warmedConnection(server)
            let before = try await Self.relayed(server)
            for _ in 0..<3 {
                try await RawHTTP.sendAndHangUp(
                    port: server.port, "GET /passthrough/\(id)/slow/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n\r\n")
            }
            try await Task.sleep(for: .milliseconds(1500))
            for index in 0..<5 {
                #expect(try await server.request(.get, "/passthrough/\(id)/after/\(index)").status == .ok)
            }
            #expect(try await Self.relayed(server) >= before + 5)
            let connections = try #require(try await PassthroughTests.stats(upstream)["connections"] as? Int)
            #expect(connections <= 8, "connections of abandoned calls are closed, the rest reused: \(connections)")
        }
    }

    @Test func relayedCallsNeverLogOrAnswerTheirSecrets() async throws {
        let logs = CapturedLogs()
        try await PassthroughTests.withUpstream(logs: logs, configure: Self.oneSecondUpstreamLimit) { server, _ in
            let stale = "stale-canary-\(UUID().uuidString.prefix(8))"
            let id = try await PassthroughTests.connection(server, accessToken: stale)
            #expect(try await server.request(.get, "/passthrough/\(id)/stats").status == .ok)
            var answers: [HTTPResult] = []
            answers.append(try await server.request(.get, "/passthrough/\(id)/refused-then-refreshed"))
            try await Task.sleep(for: .milliseconds(300))
            _ = try await server.request(.get, "/passthrough/\(id)/kept-again")
            answers.append(try await server.request(.get, "/passthrough/\(id)/status/401"))
            answers.append(try await server.request(.get, "/passthrough/\(id)/slow/3"))
            answers.append(try await server.request(.post, "/passthrough/\(id)/slow/3", body: "body-canary"))
            let closed = try await PassthroughTests.connection(server, apiURL: "http://127.0.0.1:\(try freeLoopbackPort())")
            _ = try await server.request(.get, "/passthrough/\(closed)/x")
            answers.append(try await server.request(.get, "/passthrough/\(closed)/x"))
            #expect(try await Self.relayed(server) >= 2)
            let secrets = [stale, PassthroughTests.goodToken, server.apiKey, "r-1", "body-canary"]
            for answer in answers where answer.status.code >= 500 {
                #expect(!secrets.contains { answer.text.contains($0) }, "\(answer.status): \(answer.text)")
            }
            #expect(logs.count > 0)
            #expect(!secrets.contains { logs.text.contains($0) }, "a log line holds a secret")
        }
    }

    static func relayOff(_ configuration: inout ServerConfiguration) {
        configuration.passthroughRelay = false
    }

    @Test func withTheRelayOffEveryCallTakesTheRouter() async throws {
        try await PassthroughTests.withUpstream(configure: Self.relayOff) { server, _ in
            let id = try await PassthroughTests.connection(server)
            for index in 0..<5 {
                #expect(try await server.request(.get, "/passthrough/\(id)/n/\(index)").status == .ok)
            }
            #expect(try await Self.relayed(server) == 0)
        }
    }

    @Test func anUpstreamFallingSilentMidAnswerIsBrokenOff() async throws {
        try await PassthroughTests.withUpstream(relayIdleTimeout: .seconds(1)) { server, _ in
            let id = try await Self.warmedConnection(server)
            let before = try await Self.relayed(server)
            let start = ContinuousClock.now
            let answer = try await RawHTTP.send(
                port: server.port, "GET /passthrough/\(id)/stall/6 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n\r\n")
            let waited = ContinuousClock.now - start
            #expect(answer.status == 200 && answer.text.hasSuffix("0123456789"), "\(answer.text)")
            #expect(waited < .seconds(8), "the caller's connection closed after a second of silence, not \(waited)")
            #expect(try await Self.relayed(server) == before + 1)
            #expect(try await server.request(.get, "/passthrough/\(id)/after").status == .ok)
        }
    }

    /// A request the relay lends to the router (a `HEAD`, which it does not relay) is answered in full while the
    /// server stops, and its connection then closes.
    @Test func aLentRequestInFlightIsAnsweredWhileTheServerStops() async throws {
        let pending = Mutex<Task<RawHTTP.Answer, any Error>?>(nil)
        try await PassthroughTests.withUpstream { server, _ in
            let id = try await Self.warmedConnection(server)
            let (port, key) = (server.port, server.apiKey)
            pending.withLock {
                $0 = Task {
                    try await RawHTTP.send(
                        port: port, "HEAD /passthrough/\(id)/slow/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(key)\r\n\r\n",
                        untilClosed: true)
                }
            }
            try await Task.sleep(for: .milliseconds(300))
        }
        let answer = try await #require(pending.withLock { $0 }).value
        #expect(answer.status == 200, "the lent request in flight was answered: \(answer.text)")
        #expect(answer.closedByServer, "and its connection closed")
    }

    @Test func aRelayedCallInFlightIsAnsweredWhileTheServerStops() async throws {
        let pending = Mutex<Task<(Int, String), any Error>?>(nil)
        try await PassthroughTests.withUpstream { server, _ in
            let id = try await Self.warmedConnection(server)
            let before = try await Self.relayed(server)
            let (port, key) = (server.port, server.apiKey)
            pending.withLock {
                $0 = Task {
                    let answer = try await RawHTTP.send(
                        port: port, "GET /passthrough/\(id)/slow/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(key)\r\n\r\n",
                        untilClosed: true)
                    return (answer.status, answer.text)
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await Self.relayed(server) == before, "the slow call is still running when the server is told to stop")
        }
        let task = try #require(pending.withLock { $0 })
        let (status, text) = try await task.value
        #expect(status == 200 && text.contains(#""slow": true"#), "the call in flight was answered in full: \(text)")
    }
}
