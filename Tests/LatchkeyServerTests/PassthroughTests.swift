import AsyncHTTPClient
import Foundation
import HTTPTypes
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyServer
import LatchkeyStore
import LatchkeyTestSupport
import NIOCore
import Testing

@testable import LatchkeyStore

/// `/passthrough`: calls through to a real local upstream with the connection's credentials applied.
@Suite(.serialized) struct PassthroughTests {
    static let goodToken = "good-token-canary-3318"

    static func integration(_ upstream: PythonPeer) -> Integration {
        Integration(
            type: "upapi", name: "Upstream API", categories: ["crm"], apiURL: upstream.base,
            auth: IntegrationAuth(oauth2: OAuth2Settings(authorizeURL: upstream.base + "/authorize", tokenURL: upstream.base + "/token")))
    }

    /// A server whose catalog holds the upstream's integration (as `adjusting` leaves it), and the upstream.
    static func withUpstream(
        _ backend: TestBackend = .sqlite, logs: CapturedLogs? = nil, adjusting adjust: (inout Integration) -> Void = { _ in },
        relayConnectionsPerEndpoint: Int = HTTPClientTransport.defaultConnectionsPerHost,
        relayIdleTimeout: Duration = .seconds(60), connectionCache: ConnectionCacheSettings = ConnectionCacheSettings(),
        configure: @escaping (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable @escaping (ServerUnderTest, PythonPeer) async throws -> Void
    ) async throws {
        guard
            let upstream = try await PythonPeer.start(
                "upstream/server.py", arguments: ["--header", "Authorization", "--value", "Bearer \(goodToken)"])
        else { return }
        defer { upstream.stop() }
        var integration = integration(upstream)
        adjust(&integration)
        try await withServer(
            backend, logs: logs, catalog: Catalog(Catalog.builtIn().integrations + [integration]),
            relayConnectionsPerEndpoint: relayConnectionsPerEndpoint, relayIdleTimeout: relayIdleTimeout, connectionCache: connectionCache,
            configure: configure
        ) { server in
            try await body(server, upstream)
        }
    }

    /// A connection holding `accessToken`, refreshable at the upstream's token endpoint.
    static func connection(_ server: ServerUnderTest, accessToken: String = goodToken, apiURL: String? = nil) async throws -> String {
        let api = apiURL.map { #", "api_url": "\#($0)""# } ?? ""
        return try await server.createConnection(
            #"{"integration_type": "upapi", "auth": {"access_token": "\#(accessToken)", "refresh_token": "r-1", "client_id": "c", "client_secret": "s", "expiry_date": "2099-01-01T00:00:00Z"\#(api)}}"#
        )
    }

    static func stats(_ upstream: PythonPeer) async throws -> [String: Any] {
        let response = try await httpRequest("GET", upstream.base + "/stats")
        return (try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func everyMethodForwardsPathQueryHeadersAndBodyWithTheCredentialApplied() async throws {
        try await Self.withUpstream { server, _ in
            let id = try await Self.connection(server)
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .options] {
                let body: String? = method == .get || method == .delete || method == .options ? nil : #"{"name": "Jürgen"}"#
                let response = try await server.request(
                    method, "/passthrough/\(id)/items/7?b=2&a=1&a=1&q=%C3%A9&empty=", body: body, headers: ["x-custom": "v1"])
                #expect(response.status == .ok, "\(method) \(response.text)")
                let seen = response.object
                #expect(seen["method"] as? String == method.rawValue)
                #expect(seen["target"] as? String == "/items/7?b=2&a=1&a=1&q=%C3%A9&empty=", "the query passes unchanged")
                let headers = seen["headers"] as? [String: String] ?? [:]
                #expect(headers["authorization"] == "Bearer \(Self.goodToken)")
                #expect(headers["x-custom"] == "v1")
                #expect(!response.text.contains(server.apiKey), "the caller's API key is never forwarded")
                if let body { #expect(seen["body"] as? String == body) }
            }
            let head = try await server.request(.head, "/passthrough/\(id)/items/7")
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            let root = try await server.request(.get, "/passthrough/\(id)")
            #expect(root.object["path"] as? String == "/")
        }
    }

    @Test func aConnectionsOwnAPIBaseIsUsedAndCannotBeLeft() async throws {
        try await Self.withUpstream { server, upstream in
            let id = try await Self.connection(server, apiURL: upstream.base + "/v2")
            let response = try await server.request(.get, "/passthrough/\(id)/users/me")
            #expect(response.object["path"] as? String == "/v2/users/me")
        }
    }

    /// An integration whose API base has a placeholder: the connection's value fills it, on the relay and on the
    /// router alike.
    @Test(arguments: [true, false])
    func anIntegrationsAPIBaseHasItsPlaceholdersFilled(relay: Bool) async throws {
        let tenantBase: (inout Integration) -> Void = { $0.apiURL = ($0.apiURL ?? "") + "/{tenant}/api" }
        let relayOnOrOff: (inout ServerConfiguration) -> Void = { $0.passthroughRelay = relay }
        try await Self.withUpstream(adjusting: tenantBase, configure: relayOnOrOff) { server, _ in
            let id = try await server.createConnection(
                #"{"integration_type": "upapi", "auth": {"access_token": "\#(Self.goodToken)", "meta": {"tenant": "acme"}}}"#)
            for _ in 1...2 {
                let response = try await server.request(.get, "/passthrough/\(id)/users/me")
                #expect(response.status == .ok, "\(response.text)")
                #expect(response.object["path"] as? String == "/acme/api/users/me")
            }
        }
    }

    /// A token past its expiry is refreshed before the call goes out: the upstream sees the token request first and
    /// the call once, with the new token.
    @Test func anExpiredTokenIsRefreshedBeforeTheCall() async throws {
        try await Self.withUpstream { server, upstream in
            let id = try await server.createConnection(
                #"{"integration_type": "upapi", "auth": {"access_token": "stale-token", "refresh_token": "r-1", "client_id": "c", "client_secret": "s", "expiry_date": "2020-01-01T00:00:00Z"}}"#
            )
            let response = try await server.request(.get, "/passthrough/\(id)/items")
            #expect(response.status == .ok, "\(response.text)")
            let stored = try await server.store.connection(id: id, workspaceID: server.workspaceID)
            #expect(stored?.auth?.accessToken == Self.goodToken)
            let paths = try await Self.stats(upstream)["paths"] as? [String] ?? []
            #expect(paths == ["/token", "/items"], "no call with the expired token")
        }
    }

    @Test func anExpiredTokenIsRefreshedOnceAfterA401AndTheCallTriedAgain() async throws {
        try await Self.withUpstream { server, upstream in
            let id = try await Self.connection(server, accessToken: "stale-token")
            let response = try await server.request(.post, "/passthrough/\(id)/notes", body: #"{"n": 1}"#)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.object["body"] as? String == #"{"n": 1}"#, "the kept body is sent again")
            let stored = try await server.store.connection(id: id, workspaceID: server.workspaceID)
            #expect(stored?.auth?.accessToken == Self.goodToken)
            let paths = try await Self.stats(upstream)["paths"] as? [String] ?? []
            #expect(paths == ["/notes", "/token", "/notes"])
        }
    }

    /// The connection kept in memory holds a token another replica has replaced, and the report of that write has
    /// not arrived yet: the refused call is retried with the stored token, without refreshing again.
    @Test func aTokenStoredElsewhereIsUsedAfterA401WithoutAnotherRefresh() async throws {
        try await Self.withUpstream { server, upstream in
            let id = try await Self.connection(server, accessToken: "replaced-token")
            let old = try #require(try await server.store.connectionRecord(id: id, workspaceID: server.workspaceID))
            let cache = try #require(server.store.openedConnections)
            let before = try #require(cache.ticket())
            _ = try await server.store.updateConnection(id: id, workspaceID: server.workspaceID) { current in
                var next = current
                next.auth?.accessToken = Self.goodToken
                return next
            }
            // The write is reported twice: by this store at once, and by the change feed a little later. Only once
            // both have come is the old record kept, so no report can drop it before the call.
            let deadline = ContinuousClock.now + .seconds(5)
            while (cache.ticket() ?? before) < before + 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            cache.keep(old, ticket: try #require(cache.ticket()))

            let response = try await server.request(.get, "/passthrough/\(id)/x")
            #expect(response.status == .ok, "\(response.text)")
            let paths = try await Self.stats(upstream)["paths"] as? [String] ?? []
            #expect(paths == ["/x", "/x"], "retried with the stored token; the token endpoint was not called")
        }
    }

    @Test func aStillRefusedCallIsAnsweredAsTheUpstreamSentItAfterOneRetry() async throws {
        guard
            let upstream = try await PythonPeer.start(
                "upstream/server.py", arguments: ["--header", "Authorization", "--value", "Bearer accepted", "--issue", "refused-too"])
        else { return }
        defer { upstream.stop() }
        try await withServer(catalog: Catalog(Catalog.builtIn().integrations + [Self.integration(upstream)])) { server in
            let id = try await Self.connection(server, accessToken: "stale-token")
            let response = try await server.request(.get, "/passthrough/\(id)/x")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("invalid credential"), "the upstream's own answer")
            let paths = try await Self.stats(upstream)["paths"] as? [String] ?? []
            #expect(paths == ["/x", "/token", "/x"], "one refresh, one retry, no more")
        }
    }

    @Test func redirectsAndRateLimitsComeBackUnchanged() async throws {
        try await Self.withUpstream { server, _ in
            let id = try await Self.connection(server)
            let redirect = try await server.request(.get, "/passthrough/\(id)/redirect")
            #expect(redirect.status == .found)
            #expect(redirect.headers[.location] == "http://127.0.0.1:9/stolen")
            #expect(!server.transport.urls.contains { $0.contains("127.0.0.1:9/") }, "a redirect is never followed")
            for code in [429, 503] {
                let limited = try await server.request(.get, "/passthrough/\(id)/status/\(code)")
                #expect(limited.status.code == code)
                #expect(limited.headers[HTTPField.Name("Retry-After")!] == "7")
            }
        }
    }

    static func tightLimits(_ configuration: inout ServerConfiguration) {
        configuration.upstreamTimeout = .seconds(1)
        configuration.passthroughMaxBodySize = 4096
        configuration.passthroughMaxHeaderSize = 2048
    }

    @Test func slowUnreachableAndOversizedCallsGetClearErrors() async throws {
        try await Self.withUpstream(configure: Self.tightLimits) { server, _ in
            let id = try await Self.connection(server)
            let slow = try await server.request(.get, "/passthrough/\(id)/slow/3")
            #expect(slow.status == .gatewayTimeout)
            #expect(slow.error["code"] as? String == "upstream_timeout")
            let big = try await server.request(.post, "/passthrough/\(id)/upload", body: String(repeating: "x", count: 5000))
            #expect(big.status == .contentTooLarge)
            var chunked = HTTPClientRequest(url: server.baseURL + "/passthrough/\(id)/upload")
            chunked.method = .POST
            chunked.headers.add(name: "authorization", value: server.apiKey)
            chunked.body = .stream(PassthroughStreamingTests.GeneratedBody(size: 10_000), length: .unknown)
            let streamed = try await server.client.execute(chunked, timeout: .seconds(30))
            #expect(streamed.status.code == 413, "a body without Content-Length is cut at the limit")
            let headers = try await server.request(.get, "/passthrough/\(id)/x", headers: ["x-big": String(repeating: "h", count: 3000)])
            #expect(headers.status == .requestHeaderFieldsTooLarge)
            #expect(headers.error["code"] as? String == "headers_too_large")

            let closed = try await server.createConnection(
                #"{"integration_type": "upapi", "auth": {"access_token": "t", "api_url": "http://127.0.0.1:\#(try freeLoopbackPort())"}}"#)
            let start = ContinuousClock.now
            let unreachable = try await server.request(.get, "/passthrough/\(closed)/x")
            #expect(ContinuousClock.now - start < .seconds(3), "a refused connection is answered at once, not after the connect timeout")
            #expect(unreachable.status == .badGateway)
            #expect(unreachable.error["code"] as? String == "upstream_unreachable")
        }
    }

    @Test func anotherWorkspacesConnectionOrNoKeyIsRefused() async throws {
        try await Self.withUpstream { server, upstream in
            let id = try await Self.connection(server)
            #expect(try await server.request(.get, "/passthrough/\(id)/x", authorization: "").status == .unauthorized)
            let other = try await server.store.createWorkspace(name: "other")
            let foreign = try await server.request(.get, "/passthrough/\(id)/x", authorization: other.apiKey)
            #expect(foreign.status == .notFound)
            #expect(try await Self.stats(upstream)["requests"] as? Int == 0)
        }
    }

    /// Through the router (the relay off), whose reads of the connection are counted below; relayed calls' metrics
    /// are `PassthroughRelayTests`' and `ByteRelayTests`'.
    @Test func metricsCountRequestsPassthroughCallsAndRefreshes() async throws {
        try await Self.withUpstream(configure: PassthroughRelayTests.relayOff) { server, _ in
            let id = try await Self.connection(server, accessToken: "stale-token")
            #expect(try await server.request(.get, "/passthrough/\(id)/a").status == .ok)
            #expect(try await server.request(.get, "/passthrough/\(id)/status/429").status.code == 429)
            #expect(try await server.request(.get, "/passthrough/\(id)/b").status == .ok)
            let metrics = try await server.request(.get, "/metrics", authorization: "")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = metrics.text
            #expect(text.contains(#"latchkey_passthrough_requests_total{integration="upapi",status="200"} 2"#), "\(text)")
            #expect(text.contains(#"latchkey_passthrough_requests_total{integration="upapi",status="401"} 1"#))
            #expect(text.contains(#"latchkey_passthrough_requests_total{integration="upapi",status="429"} 1"#))
            #expect(text.contains(#"latchkey_refreshes_total{integration="upapi",outcome="refreshed"} 1"#))
            #expect(text.contains("latchkey_passthrough_upstream_duration_seconds_bucket{integration=\"upapi\""))
            #expect(text.contains(#"latchkey_http_requests_total{route="/passthrough/{id}/**",method="GET",status="200"} 2"#))
            // Three reads: the refresh dropped the first from memory, so the second missed; the third found the second's
            // unless the change feed's report of the refresh arrived after the second read had kept it.
            let hits = try #require(Self.sample(#"latchkey_connection_cache_reads_total{result="hit"}"#, in: text))
            let misses = try #require(Self.sample(#"latchkey_connection_cache_reads_total{result="miss"}"#, in: text))
            #expect(hits + misses == 3 && misses >= 2, "\(hits) hits, \(misses) misses")
            // The late report may come after the third read, and drop what it kept; there is never more than the one
            // connection's entry.
            let entries = try #require(Self.sample("latchkey_connection_cache_entries", in: text))
            #expect(entries == 1 || entries == 0, "\(entries) entries")
            #expect(!text.contains(Self.goodToken) && !text.contains(server.apiKey))
        }
    }

    /// The value of the Prometheus sample `name` (with its labels) in `text`.
    static func sample(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.dropFirst(name.count + 1)) }
    }

    @Test func anEntryMayAskForABoundedRetryOfRateLimitedCalls() async throws {
        let boundedRetry: (inout Integration) -> Void = {
            $0.passthrough = PassthroughSettings(retry: PassthroughRetry(retries: 2, maxDelaySeconds: 1))
        }
        try await Self.withUpstream(adjusting: boundedRetry) { server, upstream in
            let id = try await Self.connection(server)
            let recovered = try await server.request(.get, "/passthrough/\(id)/flaky/2/a")
            #expect(recovered.status == .ok)
            #expect(recovered.object["attempt"] as? Int == 3)
            let exhausted = try await server.request(.get, "/passthrough/\(id)/flaky/5/b")
            #expect(exhausted.status == .serviceUnavailable)
            #expect(exhausted.object["attempt"] as? Int == 3, "two retries, no more")
            let tooLong = try await server.request(.get, "/passthrough/\(id)/status/503")
            #expect(tooLong.status == .serviceUnavailable, "Retry-After: 7 is over the entry's 1 s: passed back at once")
            let paths = try await Self.stats(upstream)["paths"] as? [String] ?? []
            #expect(paths.filter { $0 == "/status/503" }.count == 1)
        }
    }

    @Test(arguments: [
        "/v1/projects/p:run", "/a/b/", "/files/na%20me.txt", "/search?email=ada@example.com&path=%2Fa%2Fb&x=a.b",
        "/%C3%A9t%C3%A9/x", "/items/1.json", "/a-b_c~d", "/?only=query",
    ])
    func ordinaryPathsAndQueriesPassUnchanged(target: String) async throws {
        try await Self.withUpstream { server, _ in
            let id = try await Self.connection(server)
            let response = try await server.request(.get, "/passthrough/\(id)\(target)")
            #expect(response.status == .ok, "\(target): \(response.text)")
            #expect(response.object["target"] as? String == target)
        }
    }
}
