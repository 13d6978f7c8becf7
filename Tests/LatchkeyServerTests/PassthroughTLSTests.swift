import Foundation
import HTTPTypes
import LatchkeyCatalog
import LatchkeyServer
import LatchkeyTestSupport
import NIOSSL
import Testing

/// Passthrough to an HTTPS API, through the router and the relay alike: the upstream's certificate must chain to a
/// trusted authority and name the host called, or the call is answered 502 and nothing is sent.
@Suite(.serialized) struct PassthroughTLSTests {
    /// Runs `body` with an upstream speaking only HTTPS (a certificate for `name` alone, from a new authority) and a
    /// server that trusts that authority when `trusted`.
    /// Runs `body` with a server that relays, one with the relay off (`router`, whose every call takes the router),
    /// and the port of the HTTPS upstream both call.
    static func withHTTPSUpstream(
        trusted: Bool = true, name: String = "127.0.0.1",
        _ body: @Sendable @escaping (ServerUnderTest, _ router: ServerUnderTest, _ port: Int) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        guard
            let upstream = try await PythonPeer.start(
                "upstream/server.py",
                arguments: [
                    "--header", "Authorization", "--value", "Bearer \(PassthroughTests.goodToken)", "--tls", directory.url.path, "--tls-name", name,
                ])
        else { return }
        defer { upstream.stop() }
        var tls = TLSConfiguration.makeClientConfiguration()
        if trusted { tls.additionalTrustRoots = [.file(directory.url.appendingPathComponent("ca.pem").path)] }
        let catalog = Catalog(Catalog.builtIn().integrations + [PassthroughTests.integration(upstream)])
        let trust = tls
        try await withServer(catalog: catalog, upstreamTLS: trust) { server in
            try await withServer(catalog: catalog, upstreamTLS: trust, configure: PassthroughRelayTests.relayOff) { router in
                try await body(server, router, upstream.port)
            }
        }
    }

    @Test func theRelayAndTheRouterCallAnHTTPSAPIAlike() async throws {
        try await Self.withHTTPSUpstream { server, router, port in
            let id = try await PassthroughTests.connection(server, apiURL: "https://127.0.0.1:\(port)")
            let routerID = try await PassthroughTests.connection(router, apiURL: "https://127.0.0.1:\(port)")
            for (method, path) in [(HTTPRequest.Method.get, "/items/7?b=2&a=1"), (.delete, "/items/7"), (.get, "/status/429")] {
                let before = try await PassthroughRelayTests.relayed(server)
                let routed = try await router.request(method, "/passthrough/\(routerID)\(path)", headers: ["x-custom": "v1"])
                let relayed = try await server.request(method, "/passthrough/\(id)\(path)", headers: ["x-custom": "v1"])
                #expect(try await PassthroughRelayTests.relayed(server) == before + 1, "\(method) \(path) was relayed")
                #expect(try await PassthroughRelayTests.relayed(router) == 0)
                #expect(PassthroughRelayTests.comparable(routed) == PassthroughRelayTests.comparable(relayed), "\(method) \(path)")
            }
            let echo = try await server.request(.get, "/passthrough/\(id)/items")
            #expect(echo.status == .ok)
            let headers = echo.object["headers"] as? [String: String] ?? [:]
            #expect(headers["authorization"] == "Bearer \(PassthroughTests.goodToken)")
            #expect(headers["host"] == "127.0.0.1:\(port)")
        }
    }

    @Test func relayedHTTPSCallsKeepTheirConnections() async throws {
        try await Self.withHTTPSUpstream { server, _, port in
            let id = try await PassthroughTests.connection(server, apiURL: "https://127.0.0.1:\(port)")
            let before = try await PassthroughRelayTests.relayed(server)
            for index in 0..<20 {
                #expect(try await server.request(.get, "/passthrough/\(id)/n/\(index)").status == .ok)
            }
            #expect(try await PassthroughRelayTests.relayed(server) >= before + 19)
            // The upstream's own count of the TLS connections it accepted, read through the passthrough as well.
            let stats = try await server.request(.get, "/passthrough/\(id)/stats").object
            let connections = try #require(stats["connections"] as? Int)
            #expect(connections <= 3, "21 calls over HTTPS opened \(connections) connections upstream")
        }
    }

    @Test func anUntrustedCertificateIsAnswered502OnBothPaths() async throws {
        try await Self.withHTTPSUpstream(trusted: false) { server, router, port in
            try await Self.expectRefusedOnBothPaths(server, router, apiURL: "https://127.0.0.1:\(port)")
        }
    }

    @Test func aCertificateForAnotherNameIsAnswered502OnBothPaths() async throws {
        try await Self.withHTTPSUpstream(name: "api.example.test") { server, router, port in
            try await Self.expectRefusedOnBothPaths(server, router, apiURL: "https://127.0.0.1:\(port)")
        }
    }

    /// A call through the router (of the server with the relay off) and two relayed calls are all answered 502
    /// `upstream_unreachable` at once (the handshake is not tried again until the connect timeout), with no secret.
    static func expectRefusedOnBothPaths(_ server: ServerUnderTest, _ router: ServerUnderTest, apiURL: String) async throws {
        let id = try await PassthroughTests.connection(server, apiURL: apiURL)
        let routerID = try await PassthroughTests.connection(router, apiURL: apiURL)
        let before = try await PassthroughRelayTests.relayed(server)
        let start = ContinuousClock.now
        let routed = try await router.request(.get, "/passthrough/\(routerID)/items")
        #expect(ContinuousClock.now - start < .seconds(3), "the router's answer came after \(ContinuousClock.now - start)")
        let first = try await server.request(.get, "/passthrough/\(id)/items")
        let relayed = try await server.request(.get, "/passthrough/\(id)/items")
        #expect(try await PassthroughRelayTests.relayed(server) == before + 2)
        #expect(try await PassthroughRelayTests.relayed(router) == 0)
        for response in [routed, first, relayed] {
            #expect(response.status == .badGateway)
            #expect(response.error["code"] as? String == "upstream_unreachable")
            #expect(!response.text.contains(PassthroughTests.goodToken) && !response.text.contains(server.apiKey))
        }
    }
}
