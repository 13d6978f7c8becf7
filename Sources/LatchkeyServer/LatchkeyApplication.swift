import Hummingbird
import HummingbirdCore
import LatchkeyCatalog
import LatchkeyOAuth
import LatchkeyRefresh
import LatchkeyStore
import Logging

/// Builds Latchkey's HTTP server over a store.
public enum LatchkeyApplication {
    /// The router with every route Latchkey serves.
    public static func router(
        store: Store, catalog: Catalog = .builtIn(), transport: any UpstreamTransport, refresher: Refresher,
        configuration: ServerConfiguration = .init(), metrics: LatchkeyMetrics = LatchkeyMetrics()
    ) -> Router<LatchkeyRequestContext> {
        let passthrough = PassthroughRoutes(
            store: store, catalog: catalog, refresher: refresher, transport: transport, configuration: configuration, metrics: metrics)
        return router(passthrough: passthrough, apiKeys: APIKeyCache())
    }

    private static func router(passthrough: PassthroughRoutes, apiKeys cache: APIKeyCache) -> Router<LatchkeyRequestContext> {
        let (store, catalog, transport, configuration, metrics) =
            (passthrough.store, passthrough.catalog, passthrough.transport, passthrough.configuration, passthrough.metrics)
        let router = Router(context: LatchkeyRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: BodyLimitMiddleware(maxBodySize: configuration.maxBodySize))
        ServiceRoutes(metrics: metrics, store: store).register(on: router)
        AuthorizeRoutes(store: store, catalog: catalog, configuration: configuration, transport: transport).register(on: router)
        CallbackRoutes(store: store, catalog: catalog, transport: transport).register(on: router)
        CredentialPageRoutes(store: store, catalog: catalog, transport: transport, configuration: configuration).register(on: router)
        let apiKeys = APIKeyMiddleware(store: store, cache: cache)
        let authenticated = router.group("unified").add(middleware: apiKeys)
        ConnectionRoutes(store: store, refresher: passthrough.refresher, catalog: catalog, transport: transport)
            .register(on: authenticated.group("connection"))
        IntegrationRoutes(catalog: catalog, store: store).register(on: authenticated.group("integration"))
        passthrough.register(on: router.group("passthrough").add(middleware: apiKeys))
        return router
    }

    /// The server, ready to run in a `ServiceGroup`. Passthrough calls that need nothing but memory are relayed on
    /// the event loop they arrive on (`PassthroughRelay`, over the transport's relay channels) unless the configuration
    /// turns it off.
    public static func make(
        store: Store, catalog: Catalog = .builtIn(), transport: any UpstreamTransport, refresher: Refresher, configuration: ServerConfiguration,
        metrics: LatchkeyMetrics = LatchkeyMetrics(), logger: Logger
    ) -> some ApplicationProtocol {
        let apiKeys = APIKeyCache()
        let passthrough = PassthroughRoutes(
            store: store, catalog: catalog, refresher: refresher, transport: transport, configuration: configuration, metrics: metrics)
        let relay =
            configuration.passthroughRelay
            ? PassthroughRelay(routes: passthrough, apiKeys: apiKeys, channels: transport.relayChannels, logger: logger) : nil
        return Application(
            router: LatchkeyResponderBuilder(router: router(passthrough: passthrough, apiKeys: apiKeys)),
            server: HTTPServerBuilder { LatchkeyHTTP1Channel(base: HTTP1Channel(responder: $0), configuration: configuration, relay: relay) },
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "latchkey",
                backlog: configuration.listenBacklog ?? ServerConfiguration.systemMaximumBacklog),
            logger: logger)
    }
}
