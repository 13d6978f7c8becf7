import Foundation
import LatchkeyServer
import LatchkeyTestSupport
import Testing

/// A server connection stays open only as long as its requests ask, in HTTP/1.0 as in HTTP/1.1: clients that read
/// an answer until the connection closes (HTTP/1.0 tools such as ApacheBench without `-k`) must not wait.
@Suite struct PersistentConnectionTests {
    /// Sends `request` and reads until the server closes the connection: the answer, and whether the server closed
    /// it (the client gives up once the server has been silent for ten seconds, far longer than any answer takes).
    static func exchange(_ server: ServerUnderTest, _ request: String) async throws -> (text: String, closedByServer: Bool) {
        let answer = try await RawHTTP.send(port: server.port, request, untilClosed: true)
        return (answer.text, answer.closedByServer)
    }

    static func statusLines(_ text: String) -> [String] {
        text.matches(of: /HTTP\/1\.[01] \d{3}/).map { String($0.output) }
    }

    @Test func anHTTP10RequestIsAnsweredInHTTP10AndTheConnectionClosed() async throws {
        try await withServer { server in
            let (text, closedByServer) = try await Self.exchange(server, "GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(Self.statusLines(text) == ["HTTP/1.0 200"], "\(text)")
            #expect(text.lowercased().contains("\r\nconnection: close\r\n"))
            #expect(text.hasSuffix(#"{"status":"ok"}"#))
            #expect(closedByServer, "the server closed the connection after its answer")
        }
    }

    @Test func anHTTP10ClientThatAsksForKeepAliveKeepsItsConnection() async throws {
        try await withServer { server in
            let keep = "GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"
            let (text, closedByServer) = try await Self.exchange(
                server, keep + keep + "GET /unified/connection HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n\r\n")
            #expect(Self.statusLines(text) == ["HTTP/1.0 200", "HTTP/1.0 200", "HTTP/1.0 200"], "\(text)")
            #expect(text.lowercased().components(separatedBy: "\r\nconnection: keep-alive\r\n").count == 3)
            #expect(text.lowercased().components(separatedBy: "\r\nconnection: close\r\n").count == 2)
            #expect(closedByServer, "the third request did not ask to keep the connection")
        }
    }

    static func relay(_ on: Bool) -> (inout ServerConfiguration) -> Void {
        { $0.passthroughRelay = on }
    }

    @Test(arguments: [true, false]) func nothingAfterARequestThatAsksToCloseIsRead(relayed: Bool) async throws {
        try await PassthroughTests.withUpstream(configure: Self.relay(relayed)) { server, upstream in
            let id = try await PassthroughTests.connection(server)
            #expect(try await server.request(.get, "/passthrough/\(id)/warm").status == .ok)
            #expect(try await server.request(.get, "/passthrough/\(id)/warm").status == .ok)
            let head = "HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n"
            let request =
                "GET /passthrough/\(id)/first \(head)\r\n" + "GET /passthrough/\(id)/last \(head)Connection: Keep-Alive, Close\r\n\r\n"
                + "GET /passthrough/\(id)/never \(head)\r\n"
            let (text, closedByServer) = try await Self.exchange(server, request)
            #expect(Self.statusLines(text) == ["HTTP/1.1 200", "HTTP/1.1 200"], "\(text)")
            #expect(text.lowercased().components(separatedBy: "\r\nconnection: close\r\n").count == 2, "the last answer says so")
            #expect(closedByServer)
            let paths = try await PassthroughTests.stats(upstream)["paths"] as? [String] ?? []
            #expect(paths.contains("/last") && !paths.contains("/never"), "\(paths)")
        }
    }
}
