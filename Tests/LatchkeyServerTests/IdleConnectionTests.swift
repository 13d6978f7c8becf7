import Foundation
import LatchkeyServer
import LatchkeyTestSupport
import Testing

/// `--idle-timeout`: a client's connection closes once it has gone that long without a request in progress, or in
/// the middle of a request whose body stopped coming; never during a call, however long.
@Suite struct IdleConnectionTests {
    /// One second, checked with room for a loaded machine's late timers (the whole suite runs at once), below the
    /// 10 s a raw read waits, which an unclosed connection would reach.
    static func oneSecondIdle(_ configuration: inout ServerConfiguration) {
        configuration.idleTimeout = .seconds(1)
    }

    @Test func aConnectionIdleOrTooSlowToSendAHeadIsClosed() async throws {
        try await withServer(configure: Self.oneSecondIdle) { server in
            for request in ["", "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n", "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"] {
                let start = ContinuousClock.now
                let answer = try await RawHTTP.send(port: server.port, request, untilClosed: true)
                let waited = ContinuousClock.now - start
                #expect(waited > .milliseconds(900) && waited < .seconds(8), "closed after \(waited), for \(request.debugDescription)")
                #expect(answer.text.isEmpty == !request.hasSuffix("\r\n\r\n"), "\(answer.text)")
            }
        }
    }

    @Test func aBodyThatStopsArrivingClosesItsConnection() async throws {
        try await withServer(configure: Self.oneSecondIdle) { server in
            let start = ContinuousClock.now
            let answer = try await RawHTTP.send(
                port: server.port,
                "POST /unified/connection HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\nContent-Length: 40\r\n\r\n{\"integ",
                untilClosed: true)
            let waited = ContinuousClock.now - start
            #expect(waited > .milliseconds(900) && waited < .seconds(8), "closed after \(waited)")
            #expect(try await server.connectionCount() == 0, "\(answer.text)")
        }
    }

    /// The relay stops reading while a call is in progress and another request has begun arriving: that request's
    /// silence is the server's doing, and the answer in progress is written in full before the connection closes.
    @Test func aStalledRequestBehindARelayedCallWaitsForItsAnswer() async throws {
        try await PassthroughTests.withUpstream(configure: Self.oneSecondIdle) { server, _ in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            let head = "HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n"
            let start = ContinuousClock.now
            let answer = try await RawHTTP.send(
                port: server.port, "GET /passthrough/\(id)/slow/2 \(head)\r\nPOST /passthrough/\(id)/items \(head)Content-Length: 10\r\n\r\nabc",
                untilClosed: true)
            let waited = ContinuousClock.now - start
            #expect(
                PersistentConnectionTests.statusLines(answer.text) == ["HTTP/1.1 200"] && answer.text.hasSuffix(#""slow": true, "body": ""}"#),
                "\(answer.text)")
            #expect(waited > .seconds(2) && waited < .seconds(6), "closed after \(waited)")
        }
    }

    @Test func aCallInProgressKeepsItsConnectionPastTheIdleTimeout() async throws {
        try await PassthroughTests.withUpstream(configure: Self.oneSecondIdle) { server, _ in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            let before = try await PassthroughRelayTests.relayed(server)
            let head = "HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n\r\n"
            let answer = try await RawHTTP.send(
                port: server.port, "GET /passthrough/\(id)/slow/2 \(head)GET /passthrough/\(id)/slow/1.5 \(head)", untilClosed: true)
            #expect(PersistentConnectionTests.statusLines(answer.text) == ["HTTP/1.1 200", "HTTP/1.1 200"], "\(answer.text)")
            #expect(try await PassthroughRelayTests.relayed(server) == before + 2, "both calls were relayed")
        }
    }
}
