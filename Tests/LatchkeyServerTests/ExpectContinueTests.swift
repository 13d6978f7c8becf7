import Foundation
import LatchkeyServer
import LatchkeyTestSupport
import Testing

/// `Expect: 100-continue`: a client that waits for `100 Continue` before sending its body is invited at once, in
/// turn on a pipelined connection, and not at all when the body is too large.
@Suite struct ExpectContinueTests {
    static func head(_ server: ServerUnderTest, _ id: String, _ path: String, length: Int) -> String {
        "POST /passthrough/\(id)/\(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n"
            + "Content-Type: text/plain\r\nContent-Length: \(length)\r\nExpect: 100-continue\r\n\r\n"
    }

    @Test(arguments: [true, false]) func aWaitingClientIsInvitedToSendItsBody(relayed: Bool) async throws {
        try await PassthroughTests.withUpstream(configure: PersistentConnectionTests.relay(relayed)) { server, _ in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            let before = try await PassthroughRelayTests.relayed(server)
            let (interim, answer) = try await RawHTTP.send(port: server.port, head: Self.head(server, id, "items", length: 5), thenBody: "hello")
            let after = try await PassthroughRelayTests.relayed(server)
            #expect(after == before + (relayed ? 1 : 0), "\(before) \(after)")
            #expect(interim == RawHTTP.continueAnswer)
            #expect(answer.status == 200 && answer.text.contains(#""body": "hello""#), "\(answer.text)")
            #expect(!answer.text.contains(#""expect""#), "the expectation was met here, not passed on")
        }
    }

    @Test func onAPipelinedConnectionTheInvitationWaitsForTheAnswerBefore() async throws {
        try await PassthroughTests.withUpstream { server, _ in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            let slow = "GET /passthrough/\(id)/slow/0.5 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n\r\n"
            let (interim, answer) = try await RawHTTP.send(
                port: server.port, head: slow + Self.head(server, id, "items", length: 5), thenBody: "hello")
            #expect(interim.hasPrefix("HTTP/1.1 200") && interim.hasSuffix(#""slow": true, "body": ""}"# + RawHTTP.continueAnswer), "\(interim)")
            #expect(answer.status == 200 && answer.text.contains(#""body": "hello""#), "\(answer.text)")
        }
    }

    @Test func aBodyOverTheLimitIsRefusedBeforeItIsSent() async throws {
        try await PassthroughTests.withUpstream(configure: PassthroughRelayTests.hundredByteBodies) { server, upstream in
            let id = try await PassthroughRelayTests.warmedConnection(server)
            let requests = try await PassthroughTests.stats(upstream)["requests"] as? Int
            // The body may come anyway: it is read and dropped, and the connection serves the next request.
            let (interim, answer) = try await RawHTTP.send(
                port: server.port, head: Self.head(server, id, "items", length: 101),
                thenBody: String(repeating: "z", count: 101) + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(interim.hasPrefix("HTTP/1.1 413") && !interim.contains("100 Continue"), "\(interim)")
            #expect(answer.status == 200 && answer.text.hasSuffix(#"{"status":"ok"}"#), "\(answer.text)")
            #expect(try await PassthroughTests.stats(upstream)["requests"] as? Int == requests)
        }
    }
}
