import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyStore
import Logging
import Metrics

/// Keeps connections' tokens fresh: exactly one refresh of a connection at a time across the deployment.
///
/// Within a process, concurrent readers of one connection share a single in-flight refresh. Across processes,
/// a lease row in the database (owner and expiry) decides who refreshes, and the commit is a compare-and-swap on
/// the connection's version, so a slow refresher can never overwrite a newer token. A rotated refresh token is
/// stored before anyone is answered with the new access token.
///
/// A refresh, once sent, is seen through: readers wait for it at most `readerWait` (then the current token if it
/// is still valid, or `RefreshError.unavailable`), while the request runs to its answer or to `tokenTimeout`, and
/// the answer is committed. The lease lasts `tokenTimeout` plus `leaseSlack` from before the request is sent, and a
/// request abandoned at its time limit keeps it to the end, so a refresh token is never sent while an earlier
/// request carrying it may still be answered or acted on, in this process or another.
public actor Refresher {
    private let store: Store
    private let catalog: Catalog
    private let transport: any OAuthTransport
    private let planner: RefreshPlanner
    private let backoff: RetryBackoff
    private let tokenTimeout: TimeInterval
    private let readerWait: TimeInterval
    private let owner: String
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let metrics: any MetricsFactory
    private var inFlight: [String: Task<Connection?, any Error>] = [:]
    private var failures: [String: (attempts: Int, until: Date, code: String)] = [:]

    /// How long a lease outlives the longest a token request may take: time to commit its answer.
    public static let leaseSlack: TimeInterval = 30
    public static let defaultTokenTimeout: TimeInterval = 60
    public static let defaultReaderWait: TimeInterval = 10

    /// - Parameters:
    ///   - tokenTimeout: the longest a token request may take before it is abandoned (and its connection closed).
    ///   - readerWait: the longest a reader waits for a refresh in progress before it is answered without it.
    public init(
        store: Store, catalog: Catalog, transport: any OAuthTransport, margin: TimeInterval = 300,
        tokenTimeout: TimeInterval = Refresher.defaultTokenTimeout, readerWait: TimeInterval = Refresher.defaultReaderWait,
        backoff: RetryBackoff = RetryBackoff(), owner: String = UUID().uuidString, logger: Logger, metrics: (any MetricsFactory)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.metrics = metrics ?? MetricsSystem.factory
        self.store = store
        self.catalog = catalog
        self.transport = transport
        self.planner = RefreshPlanner(margin: margin)
        self.backoff = backoff
        self.tokenTimeout = tokenTimeout
        self.readerWait = readerWait
        self.owner = owner
        self.logger = logger
        self.now = now
    }

    public nonisolated var margin: TimeInterval { planner.margin }

    /// The connection with a token valid for at least the margin, refreshing it first when needed;
    /// `force` refreshes whatever the expiry. A healthy connection whose token is fresh is answered at once,
    /// without waiting for the actor.
    public nonisolated func fresh(_ record: ConnectionRecord, force: Bool = false) async throws -> Connection {
        if !force, isFresh(record.connection) { return record.connection }
        return try await freshOrRefreshed(record, force: force)
    }

    /// Whether `connection` is answered as it is: healthy, and its token (if its kind has one that expires) valid
    /// for at least the margin.
    public nonisolated func isFresh(_ connection: Connection) -> Bool {
        isFresh(until: freshUntil(connection))
    }

    /// The last moment `connection` is answered as it is (see `isFresh`), `nil` when it is not fresh at any time:
    /// unhealthy, or without the token its kind needs. It depends on nothing but the connection, so it can be kept
    /// with it and checked with `isFresh(until:)`.
    public nonisolated func freshUntil(_ connection: Connection) -> Date? {
        guard connection.lastUnhealthyCode == nil else { return nil }
        return planner.freshUntil(expiry: connection.auth?.expiryDate, hasAccessToken: hasUsableToken(connection))
    }

    /// Whether a moment from `freshUntil` is still ahead, by this refresher's clock.
    public nonisolated func isFresh(until: Date?) -> Bool {
        until.map { now() <= $0 } ?? false
    }

    private var leaseDuration: TimeInterval { tokenTimeout + Self.leaseSlack }

    private func freshOrRefreshed(_ record: ConnectionRecord, force: Bool) async throws -> Connection {
        var record = record
        var forced = force
        let deadline = now().addingTimeInterval(readerWait)
        while true {
            let connection = record.connection
            if let running = inFlight[connection.id] {
                if let refreshed = try await result(of: running, until: deadline, current: connection) { return refreshed }
                forced = false
            } else {
                let failure = failures[connection.id]
                let decision = planner.decide(
                    expiry: connection.auth?.expiryDate, hasAccessToken: hasUsableToken(connection),
                    unhealthyCode: connection.lastUnhealthyCode, canRefresh: canRefresh(connection), lease: record.lease,
                    backoffUntil: failure?.until, now: now(), force: forced)
                switch decision {
                case .fresh:
                    return connection
                case .unhealthy(let code):
                    throw RefreshError.unhealthy(code: code)
                case .cannotRefresh:
                    if Self.isExpired(connection.auth, now: now()) { throw RefreshError.cannotRefresh }
                    return connection
                case .backingOff(let until):
                    if Self.isExpired(connection.auth, now: now()) {
                        throw RefreshError.unavailable(code: failure?.code ?? "provider_unavailable", retryAfter: until)
                    }
                    return connection
                case .refresh:
                    if let refreshed = try await result(of: startRefresh(record, force: forced), until: deadline, current: connection) {
                        return refreshed
                    }
                    forced = false
                case .waitForLease:
                    forced = false
                }
            }
            guard now() < deadline else { return try Self.unrefreshed(connection, now: now()) }
            try await Task.sleep(for: .milliseconds(100))
            guard let reread = try await store.connectionRecord(id: connection.id, workspaceID: connection.workspaceID) else {
                throw RefreshError.notFound
            }
            if reread.version != record.version { forced = false }
            record = reread
        }
    }

    /// What a reader is answered when no refresh result came in its wait: the connection while its token is still
    /// valid, else `refresh_in_progress` (503 with `Retry-After`).
    private static func unrefreshed(_ connection: Connection, now: Date) throws -> Connection {
        guard isExpired(connection.auth, now: now) else { return connection }
        throw RefreshError.unavailable(code: "refresh_in_progress", retryAfter: now.addingTimeInterval(1))
    }

    /// The refreshed connection once `task` finishes, if it does before `deadline`; `nil` when the lease was another
    /// refresher's. Past the deadline the reader gets `unrefreshed(current)`, and the refresh goes on without it.
    private func result(
        of task: Task<Connection?, any Error>, until deadline: Date, current: Connection
    ) async throws -> Connection? {
        let remaining = deadline.timeIntervalSince(now())
        guard remaining > 0, let outcome = await task.result(within: .milliseconds(Int64(remaining * 1000))) else {
            return try Self.unrefreshed(current, now: now())
        }
        return try outcome.get()
    }

    /// Refreshes every healthy connection whose token expires within the margin plus `lookahead`, whose refresh
    /// token lapses by then, or that has sat unrefreshed for its integration's `keepalive_days`; errors are logged
    /// and left to the next pass. Answers how many were refreshed.
    @discardableResult
    public func refreshDue(lookahead: TimeInterval = 60) async -> Int {
        let due: [(id: String, workspaceID: String)]
        do {
            due = try await store.connectionsDueForRefresh(before: now().addingTimeInterval(margin + lookahead))
        } catch {
            logger.warning("cannot list connections due for refresh", metadata: ["error_type": .string("\(type(of: error))")])
            return 0
        }
        var idle: [(id: String, workspaceID: String)] = []
        for integration in catalog.integrations {
            guard let days = integration.auth.oauth2?.keepaliveDays else { continue }
            let since = now().addingTimeInterval(-Double(days) * 86_400)
            idle += (try? await store.connectionsIdle(integrationType: integration.type, since: since)) ?? []
        }
        var refreshed = 0
        let idleIDs = Set(idle.map(\.id))
        let dueIDs = Set(due.map(\.id))
        for item in due + idle.filter({ !dueIDs.contains($0.id) }) {
            guard let record = try? await store.connectionRecord(id: item.id, workspaceID: item.workspaceID),
                canRefresh(record.connection)
            else { continue }
            let lapsing = record.connection.auth?.refreshTokenExpiresDate.map { $0 < now().addingTimeInterval(margin + lookahead) } ?? false
            guard let after = try? await fresh(record, force: lapsing || idleIDs.contains(item.id)) else { continue }
            if after.auth?.accessToken != record.connection.auth?.accessToken { refreshed += 1 }
        }
        return refreshed
    }

    // MARK: Refreshing

    /// The refresh of `record` running in this process, started now if none is. It runs to its end whether or not
    /// anyone still waits for it, and leaves `inFlight` only then.
    private func startRefresh(_ record: ConnectionRecord, force: Bool) -> Task<Connection?, any Error> {
        let id = record.connection.id
        if let running = inFlight[id] { return running }
        let task = Task {
            defer { inFlight[id] = nil }
            return try await refresh(record, force: force)
        }
        inFlight[id] = task
        return task
    }

    /// One refresh under the lease; `nil` when another refresher holds the lease.
    private func refresh(_ record: ConnectionRecord, force: Bool) async throws -> Connection? {
        let id = record.connection.id
        let workspaceID = record.connection.workspaceID
        let started = now()
        guard
            let version = try await store.acquireRefreshLease(
                id: id, workspaceID: workspaceID, owner: owner, until: started.addingTimeInterval(leaseDuration), now: started)
        else { return nil }
        guard let current = try await store.connectionRecord(id: id, workspaceID: workspaceID), current.version == version else {
            try await store.releaseRefreshLease(id: id, workspaceID: workspaceID, owner: owner)
            return nil
        }
        let connection = current.connection
        if !force, connection.auth?.accessToken != nil, let expiry = connection.auth?.expiryDate, expiry.timeIntervalSince(started) >= margin {
            try await store.releaseRefreshLease(id: id, workspaceID: workspaceID, owner: owner)
            return connection
        }
        let metadata: Logger.Metadata = ["connection_id": .string(id), "integration_type": .string(connection.integrationType)]
        let request: OutgoingRequest
        let keep: [String: String]
        let process: @Sendable (IncomingResponse) -> Result<TokenResponse, TokenEndpointError>
        do {
            (request, keep, process) = try await tokenRequest(for: connection)
        } catch {
            _ = try await store.markUnhealthy(id: id, workspaceID: workspaceID, version: version, code: "refresh_not_configured", now: now())
            logger.warning("connection cannot be refreshed", metadata: metadata)
            throw RefreshError.unhealthy(code: "refresh_not_configured")
        }
        let outcome: Result<TokenResponse, TokenEndpointError>
        var answered = true
        do {
            if let response = try await send(request) {
                outcome = process(response)
            } else {
                (outcome, answered) = (.failure(.transient(status: 0, code: "provider_timeout")), false)
            }
        } catch {
            (outcome, answered) = (.failure(.transient(status: 0, code: "provider_unreachable")), false)
        }
        switch outcome {
        case .success(let token):
            let at = now()
            let auth = (connection.auth ?? ConnectionAuth()).applying(token, now: at, keeping: keep)
            failures[id] = nil
            let leaseUntil = started.addingTimeInterval(leaseDuration)
            guard try await commit(id: id, workspaceID: workspaceID, version: version, auth: auth, now: at, leaseUntil: leaseUntil) else {
                logger.notice("refresh result discarded: a newer version was committed", metadata: metadata)
                countRefresh(connection, outcome: "superseded")
                return try await store.connectionRecord(id: id, workspaceID: workspaceID)?.connection
            }
            logger.info("token refreshed", metadata: metadata)
            countRefresh(connection, outcome: "refreshed")
            return try await store.connectionRecord(id: id, workspaceID: workspaceID)?.connection
        case .failure(.transient(let status, let code)):
            // A provider that answered is done with the request; one that did not may still act on it, so its lease
            // is kept to the end and nobody tries again before then.
            let leaseUntil = started.addingTimeInterval(leaseDuration)
            if answered { try await store.releaseRefreshLease(id: id, workspaceID: workspaceID, owner: owner) }
            let attempts = (failures[id]?.attempts ?? 0) + 1
            let delay = backoff.delay(afterAttempt: attempts, random: Double.random(in: 0...1))
            let until = max(now().addingTimeInterval(delay), answered ? .distantPast : leaseUntil)
            let errorCode = TokenEndpointError.transient(status: status, code: code).code
            failures[id] = (attempts, until, errorCode)
            countRefresh(connection, outcome: "transient_failure")
            logger.warning("refresh failed transiently", metadata: metadata.merging(["error": .string(errorCode), "attempt": "\(attempts)"]) { $1 })
            if Self.isExpired(connection.auth, now: now()) { throw RefreshError.unavailable(code: errorCode, retryAfter: until) }
            return connection
        case .failure(let error):
            guard try await store.markUnhealthy(id: id, workspaceID: workspaceID, version: version, code: error.code, now: now()) else {
                return try await store.connectionRecord(id: id, workspaceID: workspaceID)?.connection
            }
            logger.warning("connection unhealthy", metadata: metadata.merging(["error": .string(error.code)]) { $1 })
            countRefresh(connection, outcome: "unhealthy")
            throw RefreshError.unhealthy(code: error.code)
        }
    }

    /// The provider's answer to `request`, or `nil` when none came within `tokenTimeout`: the request is then
    /// cancelled, which closes its connection, so that no answer to it can arrive later.
    private func send(_ request: OutgoingRequest) async throws -> IncomingResponse? {
        try await withThrowingTaskGroup(of: IncomingResponse?.self) { [transport, tokenTimeout] group in
            group.addTask { try await transport.send(request) }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(tokenTimeout * 1000)))
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    /// Commits a refreshed auth, trying again while the database cannot be reached and the lease still holds: the
    /// provider may have rotated the refresh token, and the new one exists nowhere else.
    private func commit(id: String, workspaceID: String, version: Int64, auth: ConnectionAuth, now at: Date, leaseUntil: Date) async throws -> Bool {
        while true {
            do {
                return try await store.commitRefresh(id: id, workspaceID: workspaceID, version: version, auth: auth, now: at)
            } catch StoreError.unavailable(let reason) {
                guard now().addingTimeInterval(1) < leaseUntil else {
                    logger.error("a refreshed token could not be stored: the database stayed unreachable", metadata: ["connection_id": .string(id)])
                    throw StoreError.unavailable(reason)
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// The refresh (or client-credentials) request for a connection: its own `refresh_url`, `token_url`, `client_id`
    /// and `client_secret` when present, else the integration's endpoints and the workspace's app.
    private func tokenRequest(
        for connection: Connection
    ) async throws -> (OutgoingRequest, keep: [String: String], process: @Sendable (IncomingResponse) -> Result<TokenResponse, TokenEndpointError>) {
        guard let auth = connection.auth else { throw RefreshError.cannotRefresh }
        let integration = catalog.integration(type: connection.integrationType)
        switch integration.flatMap({ auth.kind(in: $0.auth) }) {
        case .app:
            guard let settings = integration?.auth.app, let appID = auth.appID, let pem = auth.pem else { throw RefreshError.cannotRefresh }
            let tokenURL = try URLTemplate.fill(auth.tokenURL ?? settings.tokenURL, values: auth.templateValues())
            let signer = try await JSONWebTokenSigner(algorithm: .rs256, key: pem)
            let jwt = try await AppTokenGrant.appJWT(appID: appID, signer: signer, now: now())
            let clock = now
            return (
                AppTokenGrant.request(tokenURL: tokenURL, appJWT: jwt, settings: settings), [:],
                { AppTokenGrant.process($0, settings: settings, now: clock()) }
            )
        case .jwtBearer:
            guard let settings = integration?.auth.jwtBearer, let pem = auth.pem, let template = auth.tokenURL ?? settings.tokenURL,
                let issuer = auth.clientID
            else { throw RefreshError.cannotRefresh }
            let tokenURL = try URLTemplate.fill(template, values: auth.templateValues())
            let signer = try await JSONWebTokenSigner(algorithm: JSONWebTokenSigner.Algorithm(rawValue: settings.algorithm) ?? .rs256, key: pem)
            let assertion = try await JWTBearerGrant.assertion(
                issuer: issuer, subject: auth.meta?["subject"]?.stringValue ?? issuer, audience: auth.audience ?? settings.audience ?? tokenURL,
                scopes: Self.scopes(auth.meta?["scopes"]) ?? settings.scopes, signer: signer, now: now(),
                keyID: auth.meta?["key_id"]?.stringValue)
            return (JWTBearerGrant.request(tokenURL: tokenURL, assertion: assertion), [:], { TokenResponse.process($0) })
        default:
            let (request, keep) = try await oauth2TokenRequest(for: connection, auth: auth)
            return (request, keep, { TokenResponse.process($0) })
        }
    }

    private func oauth2TokenRequest(for connection: Connection, auth: ConnectionAuth) async throws -> (OutgoingRequest, keep: [String: String]) {
        let settings = catalog.integration(type: connection.integrationType)?.auth.oauth2
        let values = (auth.meta ?? [:]).compactMapValues(\.stringValue)
        guard let template = auth.refreshURL ?? auth.tokenURL ?? settings?.refreshURL ?? settings?.tokenURL else {
            throw RefreshError.cannotRefresh
        }
        let tokenURL = try URLTemplate.fill(template, values: values)
        let authentication = settings?.tokenRequestAuth ?? .clientSecretPost
        let client: OAuthClient
        if let clientID = auth.clientID {
            client = OAuthClient(id: clientID, secret: auth.clientSecret, authentication: authentication)
        } else if let app = try await store.integrationApp(workspaceID: connection.workspaceID, integrationType: connection.integrationType) {
            client = OAuthClient(id: app.clientID, secret: app.clientSecret, authentication: authentication)
        } else {
            throw RefreshError.cannotRefresh
        }
        let extra = settings?.tokenParameters ?? [:]
        let keep = settings?.keepTokenFields ?? [:]
        let style = settings?.tokenEndpointStyle ?? TokenEndpointStyle()
        if let refreshToken = auth.refreshToken {
            let refreshExtra = extra.merging(settings?.refreshParameters ?? [:]) { _, refresh in refresh }
            return (TokenRequest.refresh(refreshToken, client: client, tokenURL: tokenURL, extra: refreshExtra, style: style), keep)
        }
        return (
            TokenRequest.clientCredentials(
                client: client, tokenURL: tokenURL, scopes: settings?.scopes ?? [], scopeSeparator: settings?.scopeSeparator ?? " ", extra: extra,
                style: style),
            keep
        )
    }

    /// A connection's own scopes from `meta.scopes`: an array of strings or one space-separated string.
    static func scopes(_ value: JSONValue?) -> [String]? {
        switch value {
        case .string(let text): text.split(separator: " ").map(String.init)
        case .array(let elements): elements.compactMap(\.stringValue)
        default: nil
        }
    }

    /// `latchkey_refreshes_total{integration, outcome}`.
    private func countRefresh(_ connection: Connection, outcome: String) {
        Counter(
            label: "latchkey_refreshes_total", dimensions: [("integration", connection.integrationType), ("outcome", outcome)],
            factory: metrics
        ).increment()
    }

    /// A refresh token, client credentials with a token URL, or an app's or service account's private key.
    public nonisolated func canRefresh(_ connection: Connection) -> Bool {
        guard let auth = connection.auth else { return false }
        if auth.refreshToken != nil || (auth.clientID != nil && auth.clientSecret != nil && auth.tokenURL != nil) { return true }
        let kind = kind(of: connection)
        return kind == .app || kind == .jwtBearer
    }

    /// Whether the connection holds what its kind authenticates with: an access token for the kinds that use one;
    /// API keys, basic, other and OAuth 1.0a credentials never expire on their own.
    nonisolated func hasUsableToken(_ connection: Connection) -> Bool {
        guard let auth = connection.auth, auth.accessToken == nil else { return true }
        guard let kind = kind(of: connection) else { return false }
        return kind.isEntered || kind == .oauth1
    }

    /// The connection's auth kind among its integration's, `nil` without auth or a catalog entry.
    private nonisolated func kind(of connection: Connection) -> AuthKind? {
        guard let auth = connection.auth, let integration = catalog.integration(type: connection.integrationType) else { return nil }
        return auth.kind(in: integration.auth)
    }

    static func isExpired(_ auth: ConnectionAuth?, now: Date) -> Bool {
        auth?.expiryDate.map { $0 <= now } ?? false
    }
}
