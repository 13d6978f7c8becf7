import Hummingbird
import LatchkeyStore
import Logging

/// Builds Latchkey's HTTP server over a store.
public enum LatchkeyApplication {
    /// The router with every route Latchkey serves.
    public static func router(store: Store, configuration: ServerConfiguration = .init()) -> Router<LatchkeyRequestContext> {
        let router = Router(context: LatchkeyRequestContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: BodyLimitMiddleware(maxBodySize: configuration.maxBodySize))
        ServiceRoutes().register(on: router)
        ConnectionRoutes(store: store).register(on: router.group("unified/connection").add(middleware: APIKeyMiddleware(store: store)))
        return router
    }

    /// The server, ready to run in a `ServiceGroup`.
    public static func make(store: Store, configuration: ServerConfiguration, logger: Logger) -> some ApplicationProtocol {
        Application(
            router: router(store: store, configuration: configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "latchkey"),
            logger: logger)
    }
}
