import ArgumentParser
import Foundation
import LatchkeyCatalog
import LatchkeyRefresh
import LatchkeyServer
import LatchkeyStore
import Logging
import Metrics
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP server. An empty data directory gets a database, a key file and a default workspace.")

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: "The largest request body accepted, in bytes.")
    var maxBodySize = ServerConfiguration.defaultMaxBodySize

    @Option(
        help:
            "The address end users' browsers reach this server at; OAuth redirects go to {public-url}/oauth/callback. (env: LATCHKEY_PUBLIC_URL; default: http://{host}:{port})"
    )
    var publicURL: String?

    @Option(help: "Seconds a served access token must stay valid; tokens closer to expiry are refreshed first.")
    var refreshMargin: Int = 300

    @Option(
        help:
            "Seconds a request to a token endpoint (a refresh, a code exchange) may take before it is abandoned. A refresh token is not sent again until this much and 30 s more have passed since it was."
    )
    var tokenTimeout = Int(Refresher.defaultTokenTimeout)

    @Option(
        help:
            "Seconds a read waits for a refresh in progress; past it the read gets the current token if still valid, else 503 refresh_unavailable, and the refresh goes on."
    )
    var refreshWait = Int(Refresher.defaultReaderWait)

    @Option(help: "The largest request body a passthrough call may stream upstream, in bytes.")
    var passthroughMaxBodySize = 1 << 30

    @Option(help: "Seconds a passthrough call waits for the upstream's response head before answering 504.")
    var upstreamTimeout = 60

    @Option(help: "How many connections to one upstream host passthrough and OAuth calls may hold open at once.")
    var upstreamConnectionsPerHost = HTTPClientTransport.defaultConnectionsPerHost

    @OptionGroup var upstreamTLS: UpstreamTLSOptions

    @Flag(
        inversion: .prefixedNo,
        help:
            "Relay passthrough calls whose connection is in memory on the event loop they arrive on (a fresh token, at most a small body); the others, or all with --no-passthrough-relay, take the general path."
    )
    var passthroughRelay = true

    @Option(
        help:
            "Seconds a client's connection may go without a request in progress (idle, or sending a request's head), or without a byte of a request body it is sending, before it is closed. Keep it above a load balancer's idle timeout."
    )
    var idleTimeout = 75

    @Option(
        help:
            "How many opened connections to keep in memory for reads and passthrough calls; 0 reads every one from the database. Other processes' writes are seen within milliseconds on PostgreSQL, 100 ms on SQLite."
    )
    var connectionCacheSize = ConnectionCacheSettings().capacity

    @Option(help: "Seconds a connection kept in memory may be served before it is read from the database again.")
    var connectionCacheMaxAge = 30

    @Option(help: "How many connections may wait to be accepted. (default: the system's maximum, net.core.somaxconn on Linux)")
    var listenBacklog: Int?

    @Option(
        help:
            "Seconds a graceful stop (SIGTERM, SIGINT) waits for requests in progress to finish before it cancels them; the process exits within a few seconds more."
    )
    var shutdownTimeout = 30

    @Option(name: .customLong("catalog"), help: "A catalog file (JSON or YAML) whose integrations add to or replace the built-in ones. Repeatable.")
    var catalogFiles: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard upstreamConnectionsPerHost > 0 else { throw ValidationError("--upstream-connections-per-host must be at least 1") }
        guard connectionCacheSize >= 0 else { throw ValidationError("--connection-cache-size must be 0 or more") }
        guard connectionCacheMaxAge > 0 else { throw ValidationError("--connection-cache-max-age must be at least 1 second") }
        guard tokenTimeout > 0 else { throw ValidationError("--token-timeout must be at least 1 second") }
        guard refreshWait >= 0 else { throw ValidationError("--refresh-wait must be 0 or more") }
        if let listenBacklog, listenBacklog < 1 { throw ValidationError("--listen-backlog must be at least 1") }
        guard shutdownTimeout >= 0 else { throw ValidationError("--shutdown-timeout must be 0 or more") }
    }

    func run() async throws {
        let logger = try storeOptions.bootstrapLogging()
        let catalog = try Catalog.load(files: catalogFiles)
        let tls = try upstreamTLS.configuration()
        let cache = ConnectionCacheSettings(capacity: connectionCacheSize, maxAge: .seconds(connectionCacheMaxAge))
        let store = try await storeOptions.openStore(connectionCache: cache, logger: logger)
        do {
            try await HTTPClientTransport.using(timeout: .seconds(tokenTimeout), connectionsPerHost: upstreamConnectionsPerHost, tls: tls) {
                transport in
                try await serve(store: store, catalog: catalog, transport: transport, logger: logger)
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        logger.info("latchkey stopped")
    }

    private func serve(store: Store, catalog: Catalog, transport: HTTPClientTransport, logger: Logger) async throws {
        if let created = try await store.createDefaultWorkspaceIfNone() {
            FileHandle.standardOutput.write(
                Data(
                    """
                    Created workspace "default" (\(created.id)). Its API key, shown only this once:

                        \(created.apiKey)


                    """.utf8))
        }
        let configuration = ServerConfiguration(
            host: host, port: port, maxBodySize: maxBodySize,
            publicURL: publicURL ?? ProcessInfo.processInfo.environment["LATCHKEY_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 },
            passthroughMaxBodySize: passthroughMaxBodySize, upstreamTimeout: .seconds(upstreamTimeout), passthroughRelay: passthroughRelay,
            idleTimeout: .seconds(max(1, idleTimeout)), listenBacklog: listenBacklog)
        let metrics = LatchkeyMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        let refresher = Refresher(
            store: store, catalog: catalog, transport: transport, margin: TimeInterval(refreshMargin), tokenTimeout: TimeInterval(tokenTimeout),
            readerWait: TimeInterval(refreshWait), logger: logger, metrics: metrics.factory)
        let application = LatchkeyApplication.make(
            store: store, catalog: catalog, transport: transport, refresher: refresher, configuration: configuration, metrics: metrics,
            logger: logger)
        logger.info(
            "latchkey serving",
            metadata: [
                "address": .string("http://\(host):\(port)"), "store": .string(store.location.description),
                "oauth_callback": .string(configuration.callbackURL),
            ])
        var serviceConfiguration = ServiceGroupConfiguration(
            services: [application, RefreshService(refresher: refresher, logger: logger)], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        serviceConfiguration.maximumGracefulShutdownDuration = .seconds(shutdownTimeout)
        serviceConfiguration.maximumCancellationDuration = .seconds(5)
        try await ServiceGroup(configuration: serviceConfiguration).run()
    }
}
