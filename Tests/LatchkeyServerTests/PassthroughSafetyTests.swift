import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyServer
import LatchkeyTestSupport
import Testing

/// Hostile request targets and headers sent byte for byte: none may make Latchkey reach anything but the
/// connection's API host, under its API base.
@Suite(.serialized) struct PassthroughSafetyTests {
    /// What follows `/passthrough/{id}` in the request line.
    static let hostileTargets: [String] = [
        "/../secret", "/a/../../etc/passwd", "/./x", "/a/./b", "/..", "/%2e%2e/x", "/%2E%2E/x", "/.%2e/x", "/a%2fb", "/a%2Fb/../c",
        "/%2f%2fevil.example/x", "/a%5cb", "/a\\b", "/\\evil.example/x", "//evil.example/x", "/@evil.example/x", "/user@evil.example",
        "/http://evil.example/x", "/https:%2f%2fevil.example", "/a%0d%0aHost:%20evil.example", "/a%00b", "/x?q=1%0d%0aX-Injected:%201",
        "/x?q=%0a", "/x?q=a\\b", "/a%2e/b", "/%2e", "/a/%2e%2e%2fb", "/evil.example:443/x", "/javascript:alert(1)", "/a//b",
        "/a%252e%252e/b", "/a%25%32%66b", "/%", "/a%zz",
    ]

    static func withProxy(_ body: @Sendable @escaping (ServerUnderTest, PythonPeer, String) async throws -> Void) async throws {
        guard
            let upstream = try await PythonPeer.start(
                "upstream/server.py", arguments: ["--header", "Authorization", "--value", "Bearer \(PassthroughTests.goodToken)"])
        else { return }
        defer { upstream.stop() }
        let integration = Integration(
            type: "upapi", name: "Upstream API", categories: ["crm"], apiURL: upstream.base + "/api",
            auth: IntegrationAuth(oauth2: OAuth2Settings(authorizeURL: upstream.base + "/authorize", tokenURL: upstream.base + "/token")))
        try await withServer(catalog: Catalog(Catalog.builtIn().integrations + [integration])) { server in
            let id = try await server.createConnection(
                #"{"integration_type": "upapi", "auth": {"access_token": "\#(PassthroughTests.goodToken)", "expiry_date": "2099-01-01T00:00:00Z"}}"#)
            try await body(server, upstream, id)
        }
    }

    static func request(_ server: ServerUnderTest, _ target: String, headers: String = "") async throws -> RawHTTP.Answer {
        try await timed(target + " " + headers) { try await send(server, target, headers: headers) }
    }

    /// Every answer comes before the raw client's 10-second read timeout: a hostile request must not leave a
    /// connection hanging.
    static func timed(_ name: String, _ body: () async throws -> RawHTTP.Answer) async throws -> RawHTTP.Answer {
        let start = ContinuousClock.now
        let answer = try await body()
        #expect(ContinuousClock.now - start < .seconds(9), "\(name) took \(ContinuousClock.now - start)")
        return answer
    }

    static func send(_ server: ServerUnderTest, _ target: String, headers: String) async throws -> RawHTTP.Answer {
        try await RawHTTP.send(
            port: server.port,
            "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nAuthorization: \(server.apiKey)\r\n\(headers)"
                + (headers.contains("Connection:") ? "" : "Connection: close\r\n") + "\r\n")
    }

    @Test func hostileTargetsAreRefusedAndReachNothing() async throws {
        #expect(Self.hostileTargets.count >= 30)
        try await Self.withProxy { server, upstream, id in
            for suffix in Self.hostileTargets {
                let answer = try await Self.request(server, "/passthrough/\(id)\(suffix)")
                #expect([400, 404].contains(answer.status), "\(suffix) answered \(answer.status): \(answer.text.prefix(300))")
                if answer.status == 400 && answer.text.contains("\"code\"") {
                    #expect(answer.text.contains("unsafe_") || answer.text.contains("invalid"), "\(suffix): \(answer.text.suffix(200))")
                }
            }
            #expect(server.transport.urls.isEmpty, "nothing was sent anywhere: \(server.transport.urls)")
            #expect(try await PassthroughTests.stats(upstream)["requests"] as? Int == 0)
        }
    }

    @Test func hostileHeadersNeverMoveTheCall() async throws {
        try await Self.withProxy { server, upstream, id in
            let cases: [(String, String)] = [
                ("Host override", "Host: evil.example\r\n"),
                ("forwarded host", "X-Forwarded-Host: evil.example\r\nForwarded: host=evil.example\r\n"),
                ("connection-named header", "Connection: close\r\nConnection: X-Api-Key\r\nX-Api-Key: secret\r\n"),
                ("proxy authorization", "Proxy-Authorization: Basic ZXZpbA==\r\n"),
                ("upgrade", "Upgrade: websocket\r\n"),
            ]
            for (name, headers) in cases {
                let answer = try await Self.request(server, "/passthrough/\(id)/x", headers: headers)
                #expect([200, 400].contains(answer.status), "\(name): \(answer.status)")
                if answer.status == 200 {
                    #expect(!answer.text.contains("\"proxy-authorization\""), "\(name)")
                    #expect(!answer.text.contains("\"upgrade\""), "\(name)")
                    #expect(!answer.text.contains("\"x-api-key\""), "\(name)")
                    #expect(answer.text.contains("\"host\": \"127.0.0.1:\(upstream.port)\""), "\(name): \(answer.text.suffix(300))")
                }
            }
            let smuggled = try await Self.timed("smuggled") {
                try await RawHTTP.send(
                    port: server.port,
                    "POST /passthrough/\(id)/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\nContent-Length: 4\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /evil HTTP/1.1\r\n\r\n")
            }
            #expect(smuggled.status == 400 || smuggled.status == 200, "\(smuggled.text.prefix(200))")
            let absolute = try await Self.timed("absolute form") {
                try await RawHTTP.send(
                    port: server.port,
                    "GET http://evil.example/passthrough/\(id)/x HTTP/1.1\r\nHost: evil.example\r\nAuthorization: \(server.apiKey)\r\nConnection: close\r\n\r\n"
                )
            }
            #expect(absolute.status != 200 || absolute.text.contains("127.0.0.1:\(upstream.port)"))
            for url in server.transport.urls {
                #expect(url.hasPrefix(upstream.base + "/api/"), "\(url) is outside the API base")
            }
            let paths = try await PassthroughTests.stats(upstream)["paths"] as? [String] ?? []
            #expect(paths.allSatisfy { $0.hasPrefix("/api/") }, "\(paths)")
        }
    }
}
