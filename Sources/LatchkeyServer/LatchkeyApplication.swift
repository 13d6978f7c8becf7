import Hummingbird
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
        let router = Router(context: LatchkeyRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: BodyLimitMiddleware(maxBodySize: configuration.maxBodySize))
        ServiceRoutes(metrics: metrics, store: store).register(on: router)
        AuthorizeRoutes(store: store, catalog: catalog, configuration: configuration, transport: transport).register(on: router)
        CallbackRoutes(store: store, catalog: catalog, transport: transport).register(on: router)
        CredentialPageRoutes(store: store, catalog: catalog, transport: transport, configuration: configuration).register(on: router)
        let apiKeys = APIKeyMiddleware(store: store)
        let authenticated = router.group("unified").add(middleware: apiKeys)
        ConnectionRoutes(store: store, refresher: refresher, catalog: catalog, transport: transport)
            .register(on: authenticated.group("connection"))
        IntegrationRoutes(catalog: catalog, store: store).register(on: authenticated.group("integration"))
        PassthroughRoutes(
            store: store, catalog: catalog, refresher: refresher, transport: transport, configuration: configuration, metrics: metrics
        )
        .register(on: router.group("passthrough").add(middleware: apiKeys))
        return router
    }

    /// The server, ready to run in a `ServiceGroup`.
    public static func make(
        store: Store, catalog: Catalog = .builtIn(), transport: any UpstreamTransport, refresher: Refresher, configuration: ServerConfiguration,
        metrics: LatchkeyMetrics = LatchkeyMetrics(), logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: router(
                store: store, catalog: catalog, transport: transport, refresher: refresher, configuration: configuration, metrics: metrics),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "latchkey"),
            logger: logger)
    }
}
