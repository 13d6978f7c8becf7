import AsyncHTTPClient
import Foundation
import Hummingbird
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyRefresh
import LatchkeyServer
import LatchkeyStore
import LatchkeyTestSupport
import Testing

/// The refresh engine against django-oauth-toolkit: short-lived tokens, rotation, one refresh at a time,
/// revocation and `invalid_grant`.
@Suite(.serialized) struct RefreshEngineTests {
    /// A Latchkey and a real OAuth server issuing tokens that live `seconds`, with a connection authorized through the flow.
    static func withAuthorizedConnection(
        _ backend: TestBackend = .sqlite, masterKey: MasterKey = .random(), tokenSeconds: Int, margin: TimeInterval,
        refreshDelay: Double = 0, reuseProtection: Bool = false, refreshWait: TimeInterval = Refresher.defaultReaderWait,
        _ body: @Sendable @escaping (ServerUnderTest, OAuthServerPeer, String) async throws -> Void
    ) async throws {
        let port = try freeLoopbackPort()
        guard
            let peer = try await OAuthServerPeer.start(
                redirectURI: "http://127.0.0.1:\(port)/oauth/callback", accessTokenSeconds: tokenSeconds, refreshDelay: refreshDelay,
                reuseProtection: reuseProtection)
        else { return }
        defer { peer.stop() }
        try await withServer(
            backend, masterKey: masterKey, port: port, catalog: Catalog(Catalog.builtIn().integrations + [peer.integration]), refreshMargin: margin,
            refreshWait: refreshWait
        ) { server in
            _ = try await server.store.configureIntegrationApp(
                workspaceID: server.workspaceID, integrationType: "dot", clientID: peer.clientID, clientSecret: peer.clientSecret, scopes: nil)
            let start = try await server.request(.get, "/unified/integration/auth/\(server.workspaceID)/dot", authorization: "")
            let consent = try await BrowserHop.get(start.text)
            let back = try await BrowserHop.get(try #require(consent.location))
            let id = try #require(back.body.firstMatch(of: /"id":"([0-9a-f]+)"/).map { String($0.output.1) }, "\(back.body)")
            try await body(server, peer, id)
        }
    }

    /// Moves the stored expiry of a connection's access token, as time passing would.
    static func setExpiry(of id: String, in server: ServerUnderTest, to expiry: Date) async throws {
        _ = try await server.store.updateConnection(id: id, workspaceID: server.workspaceID) { current in
            var next = current
            next.auth?.expiryDate = expiry
            return next
        }
    }

    static func issuedTokens(_ peer: OAuthServerPeer) async throws -> Int {
        let answer = try await httpRequest("GET", peer.base + "/api/token-count")
        return try #require(answer.body.firstMatch(of: /"issued": ?(\d+)/).map { Int($0.output.1)! })
    }

    /// Tries a refresh token directly at the provider: whether it still works.
    static func refreshTokenWorks(_ token: String, peer: OAuthServerPeer) async throws -> Bool {
        let request = TokenRequest.refresh(
            token, client: OAuthClient(id: peer.clientID, secret: peer.clientSecret, authentication: .clientSecretBasic),
            tokenURL: peer.base + "/o/token/")
        let answer = try await HTTPClientTransport.sendOnce(request)
        return answer.status == 200
    }

    @Test func anExpiringTokenIsRefreshedOnReadAndTheRotatedRefreshTokenStoredFirst() async throws {
        try await Self.withAuthorizedConnection(tokenSeconds: 3600, margin: 300) { server, peer, id in
            let before = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID)?.auth)
            let first = try await server.request(.get, "/unified/connection/\(id)")
            #expect((first.object["auth"] as? [String: Any])?["access_token"] as? String == before.accessToken, "still fresh: served as is")
            try await Self.setExpiry(of: id, in: server, to: Date().addingTimeInterval(200))  // now within the margin
            let read = try await server.request(.get, "/unified/connection/\(id)")
            #expect(read.status == .ok, "\(read.text)")
            let auth = try #require(read.object["auth"] as? [String: Any])
            let accessToken = try #require(auth["access_token"] as? String)
            #expect(accessToken != before.accessToken)
            let stored = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID))
            #expect(stored.auth?.accessToken == accessToken)
            #expect(stored.auth?.refreshToken != before.refreshToken, "the rotated refresh token is stored")
            #expect(stored.lastHealthyAt != nil)
            #expect(try await httpRequest("GET", peer.base + "/api/me", authorization: "Bearer \(accessToken)").status == 200)
            #expect(try await Self.refreshTokenWorks(before.refreshToken!, peer: peer) == false, "the provider retired the old one")
        }
    }

    @Test func concurrentReadsOfAnExpiringConnectionShareOneRefresh() async throws {
        try await Self.withAuthorizedConnection(tokenSeconds: 3600, margin: 300) { server, peer, id in
            try await Self.setExpiry(of: id, in: server, to: Date().addingTimeInterval(60))
            let issued = try await Self.issuedTokens(peer)
            let tokens = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        let read = try await server.request(.get, "/unified/connection/\(id)")
                        return (read.object["auth"] as? [String: Any])?["access_token"] as? String
                    }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(Set(tokens).count == 1)
            #expect(tokens.allSatisfy { $0 != nil })
            #expect(try await Self.issuedTokens(peer) == issued + 1, "exactly one refresh")
            #expect(try await server.store.connection(id: id, workspaceID: server.workspaceID)?.lastUnhealthyCode == nil)
        }
    }

    /// Three refreshers, each with a store of its own (its own database connections), as three replicas would be.
    @Test(arguments: TestBackend.allCases)
    func twoProcessesNeverRefreshTheSameConnectionTwice(backend: TestBackend) async throws {
        let masterKey = MasterKey.random()
        try await Self.withAuthorizedConnection(backend, masterKey: masterKey, tokenSeconds: 3600, margin: 300) { server, peer, id in
            try await Self.setExpiry(of: id, in: server, to: Date().addingTimeInterval(-1))
            let issued = try await Self.issuedTokens(peer)
            let catalog = Catalog(Catalog.builtIn().integrations + [peer.integration])
            let base = HTTPClientTransport()
            let transport = LoopbackOnlyTransport(base: base)
            var stores: [Store] = []
            for _ in 0..<3 {
                stores.append(try await Store.open(server.store.location, masterKey: masterKey, database: .underTestLoad, logger: quietLogger))
            }
            let refreshers = stores.enumerated().map { index, store in
                Refresher(store: store, catalog: catalog, transport: transport, owner: "process-\(index)", logger: quietLogger)
            }
            let record = try #require(try await server.store.connectionRecord(id: id, workspaceID: server.workspaceID))
            let outcome = await Result(catching: {
                try await withThrowingTaskGroup(of: String?.self) { group in
                    for refresher in refreshers {
                        group.addTask { try await refresher.fresh(record).auth?.accessToken }
                    }
                    return try await group.reduce(into: [String?]()) { $0.append($1) }
                }
            })
            await base.shutdown()
            for store in stores { await store.close() }
            let tokens = try outcome.get()
            #expect(Set(tokens).count == 1)
            #expect(try await Self.issuedTokens(peer) == issued + 1, "exactly one refresh across the three owners")
        }
    }

    /// A provider that takes 12 s over a refresh, longer than the 10 s the token request was once abandoned at,
    /// rotates refresh tokens and revokes the whole grant when an old one comes back (RFC 9700): readers that wait
    /// past the refresh wait get 503 `refresh_unavailable`, while the one request sent is seen through and committed.
    /// The old refresh token reaches the provider exactly once, and the grant survives: the new one refreshes again.
    @Test func aSlowRefreshIsSeenThroughAndARotatingGrantSurvives() async throws {
        try await Self.withAuthorizedConnection(tokenSeconds: 3600, margin: 300, refreshDelay: 12, reuseProtection: true, refreshWait: 1) {
            server, peer, id in
            try await Self.setExpiry(of: id, in: server, to: Date().addingTimeInterval(-1))
            let before = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID)?.auth)
            let oldRefreshToken = try #require(before.refreshToken)
            let started = ContinuousClock.now
            var unavailable = 0
            var refreshed: [String: Any]?
            while refreshed == nil, started.duration(to: .now) < .seconds(60) {
                let read = try await server.request(.get, "/unified/connection/\(id)")
                if read.status == .ok {
                    refreshed = read.object["auth"] as? [String: Any]
                } else {
                    #expect(read.status == .serviceUnavailable, "\(read.text)")
                    #expect(read.error["code"] as? String == "refresh_unavailable")
                    #expect(read.headers[.retryAfter] != nil)
                    unavailable += 1
                }
            }
            #expect(unavailable >= 5, "readers gave up while the refresh ran: \(unavailable)")
            let accessToken = try #require(refreshed?["access_token"] as? String)
            #expect(accessToken != before.accessToken)
            #expect(try await peer.refreshLog() == [oldRefreshToken], "one request carried the old refresh token, once")

            let forced = try await server.request(.post, "/unified/connection/\(id)/refresh")
            #expect(forced.status == .ok, "the token is still valid while the forced refresh runs: \(forced.text)")
            var newest = accessToken
            while newest == accessToken, started.duration(to: .now) < .seconds(90) {
                try await Task.sleep(for: .milliseconds(500))
                let read = try await server.request(.get, "/unified/connection/\(id)")
                newest = (read.object["auth"] as? [String: Any])?["access_token"] as? String ?? accessToken
            }
            #expect(newest != accessToken, "the rotated refresh token refreshed again")
            #expect(try await httpRequest("GET", peer.base + "/api/me", authorization: "Bearer \(newest)").status == 200)
            let log = try await peer.refreshLog()
            #expect(log.count == 2 && log.first == oldRefreshToken && log.last != oldRefreshToken, "\(log.count) refreshes")
        }
    }

    /// A token request abandoned at its time limit keeps its lease to the end (the limit plus the slack), so that
    /// neither its own process nor another sends the refresh token again while the provider may still act on it.
    @Test func anAbandonedRefreshKeepsItsLeaseFromEveryProcess() async throws {
        try await Self.withAuthorizedConnection(tokenSeconds: 3600, margin: 300, refreshDelay: 6, reuseProtection: true) { server, peer, id in
            try await Self.setExpiry(of: id, in: server, to: Date().addingTimeInterval(-1))
            let catalog = Catalog(Catalog.builtIn().integrations + [peer.integration])
            let base = HTTPClientTransport()
            let transport = LoopbackOnlyTransport(base: base)
            let impatient = Refresher(
                store: server.store, catalog: catalog, transport: transport, tokenTimeout: 2, readerWait: 30, owner: "impatient", logger: quietLogger)
            let other = Refresher(store: server.store, catalog: catalog, transport: transport, readerWait: 1, owner: "other", logger: quietLogger)
            let record = try #require(try await server.store.connectionRecord(id: id, workspaceID: server.workspaceID))
            let started = Date()
            await #expect(throws: RefreshError.self) { try await impatient.fresh(record) }
            let held = try #require(try await server.store.connectionRecord(id: id, workspaceID: server.workspaceID))
            #expect(
                (held.lease?.until ?? .distantPast) >= started.addingTimeInterval(2 + Refresher.leaseSlack - 1), "\(String(describing: held.lease))")
            await #expect(throws: RefreshError.self) { try await other.fresh(held) }
            await #expect(throws: RefreshError.self) { try await impatient.fresh(held, force: true) }
            #expect(try await peer.refreshLog().count == 1, "the refresh token went out once")
            await base.shutdown()
        }
    }

    @Test func theBackgroundPassRenewsTokensBeforeAnyoneAsks() async throws {
        try await Self.withAuthorizedConnection(tokenSeconds: 3600, margin: 300) { server, peer, id in
            try await Self.setExpiry(of: id, in: server, to: Date().addingTimeInterval(200))
            let before = try await server.store.connection(id: id, workspaceID: server.workspaceID)?.auth?.accessToken
            let issued = try await Self.issuedTokens(peer)
            let base = HTTPClientTransport()
            let refresher = Refresher(
                store: server.store, catalog: Catalog(Catalog.builtIn().integrations + [peer.integration]),
                transport: LoopbackOnlyTransport(base: base), logger: quietLogger)
            #expect(await refresher.refreshDue() == 1)
            #expect(await refresher.refreshDue() == 0, "nothing is due any more")
            await base.shutdown()
            #expect(try await Self.issuedTokens(peer) == issued + 1)
            let after = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID)?.auth)
            #expect(after.accessToken != before)
            #expect(after.expiryDate.map { $0.timeIntervalSinceNow > 3000 } == true)
        }
    }

    @Test func idleConnectionsAreKeptAliveForProvidersThatExpireUnusedRefreshTokens() async throws {
        try await Self.withAuthorizedConnection(tokenSeconds: 3600, margin: 300) { server, peer, id in
            var integration = peer.integration
            integration.auth.oauth2?.keepaliveDays = 1
            let base = HTTPClientTransport()
            let refresher = Refresher(
                store: server.store, catalog: Catalog([integration]), transport: LoopbackOnlyTransport(base: base), logger: quietLogger)
            #expect(await refresher.refreshDue() == 0, "refreshed recently enough")
            _ = try await server.store.updateConnection(id: id, workspaceID: server.workspaceID) { current in
                var next = current
                next.lastHealthyAt = Date().addingTimeInterval(-2 * 86_400)
                return next
            }
            let issued = try await Self.issuedTokens(peer)
            #expect(await refresher.refreshDue() == 1)
            await base.shutdown()
            #expect(try await Self.issuedTokens(peer) == issued + 1)
            let stored = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID))
            #expect(stored.lastHealthyAt.map { $0.timeIntervalSinceNow > -60 } == true)
        }
    }

    @Test func forcedRefreshAndRevocationOnDelete() async throws {
        try await Self.withAuthorizedConnection(tokenSeconds: 3600, margin: 300) { server, peer, id in
            let before = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID)?.auth)
            let forced = try await server.request(.post, "/unified/connection/\(id)/refresh")
            #expect(forced.status == .ok)
            let auth = try #require(forced.object["auth"] as? [String: Any])
            let accessToken = try #require(auth["access_token"] as? String)
            let refreshToken = try #require(auth["refresh_token"] as? String)
            #expect(accessToken != before.accessToken)
            #expect(try await server.request(.delete, "/unified/connection/\(id)").status == .ok)
            var revoked = false
            for _ in 0..<50 where !revoked {
                try await Task.sleep(for: .milliseconds(100))
                revoked = try await httpRequest("GET", peer.base + "/api/me", authorization: "Bearer \(accessToken)").status == 403
            }
            #expect(revoked, "the access token is revoked at the provider")
            #expect(try await Self.refreshTokenWorks(refreshToken, peer: peer) == false, "so is the refresh token")
        }
    }

    @Test func invalidGrantMarksTheConnectionUnhealthyAndReadsGetA401() async throws {
        try await Self.withAuthorizedConnection(tokenSeconds: 3600, margin: 300) { server, peer, id in
            let auth = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID)?.auth)
            let revoke = TokenRequest.revocation(
                auth.refreshToken!, hint: "refresh_token",
                client: OAuthClient(id: peer.clientID, secret: peer.clientSecret, authentication: .clientSecretBasic),
                revokeURL: peer.base + "/o/revoke_token/")
            #expect(try await HTTPClientTransport.sendOnce(revoke).status == 200)
            let refused = try await server.request(.post, "/unified/connection/\(id)/refresh")
            #expect(refused.status == .unauthorized)
            #expect(refused.error["code"] as? String == "connection_unhealthy")
            let stored = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID))
            #expect(stored.lastUnhealthyCode == "invalid_grant")
            #expect(stored.lastUnhealthyAt != nil)
            let issued = try await Self.issuedTokens(peer)
            let read = try await server.request(.post, "/unified/connection/\(id)/refresh")
            #expect(read.status == .unauthorized)
            #expect(try await Self.issuedTokens(peer) == issued, "no retry once unhealthy")
            let listed = try await server.request(.get, "/unified/connection")
            #expect(listed.array.first?["last_unhealthy_code"] as? String == "invalid_grant")
        }
    }

    @Test func aClientCredentialsConnectionGetsItsTokenFromTheTokenEndpoint() async throws {
        guard let peer = try await OAuthServerPeer.start(redirectURI: "http://127.0.0.1:9/unused") else { return }
        defer { peer.stop() }
        let service = Integration(
            type: "internal-api", name: "Internal API", categories: [], apiURL: peer.base + "/api",
            auth: IntegrationAuth(oauth2: OAuth2Settings(authorizeURL: nil, tokenURL: peer.base + "/o/token/", grants: [.clientCredentials])))
        try await withServer(catalog: Catalog(Catalog.builtIn().integrations + [service])) { server in
            let id = try await server.createConnection(
                #"{"integration_type": "internal-api", "auth": {"client_id": "\#(peer.clientID)-cc", "client_secret": "\#(peer.clientSecret)", "token_url": "\#(peer.base)/o/token/"}}"#
            )
            let read = try await server.request(.get, "/unified/connection/\(id)")
            #expect(read.status == .ok, "\(read.text)")
            let accessToken = try #require((read.object["auth"] as? [String: Any])?["access_token"] as? String)
            #expect(try await httpRequest("GET", peer.base + "/api/me", authorization: "Bearer \(accessToken)").status == 200)
            #expect(try await server.store.connection(id: id, workspaceID: server.workspaceID)?.auth?.expiryDate != nil)
        }
    }

    @Test func anUnreachableProviderGivesA503WithRetryAfterNeverAnExpiredToken() async throws {
        let closed = try freeLoopbackPort()
        try await withServer { server in
            let id = try await server.createConnection(
                #"{"integration_type": "github", "auth": {"access_token": "stale", "refresh_token": "r", "expiry_date": "2020-01-01T00:00:00Z", "client_id": "c", "client_secret": "s", "token_url": "http://127.0.0.1:\#(closed)/token"}}"#
            )
            let read = try await server.request(.get, "/unified/connection/\(id)")
            #expect(read.status == .serviceUnavailable)
            #expect(read.error["code"] as? String == "refresh_unavailable")
            #expect(read.headers[.retryAfter] != nil)
            #expect(!read.text.contains("stale"))
            let again = try await server.request(.get, "/unified/connection/\(id)")
            #expect(again.status == .serviceUnavailable, "backing off")
            #expect(try await server.store.connection(id: id, workspaceID: server.workspaceID)?.lastUnhealthyCode == nil, "transient, not unhealthy")
        }
    }
}

extension HTTPClientTransport {
    /// Sends one request with a client of its own, and closes it.
    static func sendOnce(_ request: OutgoingRequest) async throws -> IncomingResponse {
        try await using { try await $0.send(request) }
    }
}
