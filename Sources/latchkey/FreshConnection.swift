import ArgumentParser
import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyRefresh
import LatchkeyServer
import LatchkeyStore

/// A connection read for use from the command line: refreshed first when its token expires within `margin`.
enum FreshConnection {
    static func load(
        _ connectionID: String, store: Store, catalog: Catalog, transport: any OAuthTransport, margin: TimeInterval, force: Bool = false
    ) async throws -> Connection {
        guard let record = try await store.connectionRecord(id: connectionID) else { throw CommandFailure("no connection \(connectionID)") }
        // A command waits for its refresh to the end: it exits once answered, and nothing would see the refresh through.
        let refresher = Refresher(
            store: store, catalog: catalog, transport: transport, margin: margin,
            readerWait: Refresher.defaultTokenTimeout + Refresher.leaseSlack, logger: store.logger)
        do {
            return try await refresher.fresh(record, force: force)
        } catch let error as RefreshError {
            throw CommandFailure(explain(error))
        }
    }

    private static func explain(_ error: RefreshError) -> String {
        switch error {
        case .unhealthy(let code): "the connection must be authorized again: the provider answered \(code)"
        case .cannotRefresh: "the access token has expired and the connection holds no way to refresh it"
        case .unavailable(let code, _): "the token could not be refreshed (\(code)); try again shortly"
        case .notFound: "the connection was deleted"
        }
    }
}

/// The options of commands that use a connection's credentials: where the catalog comes from, how fresh the token
/// must be, and which authorities upstream HTTPS is trusted by.
struct CredentialOptions: ParsableArguments {
    @Option(help: "Seconds the token must stay valid.")
    var refreshMargin: Int = 300

    @Option(name: .customLong("catalog"), help: "Catalog files, as given to serve. Repeatable.")
    var catalogFiles: [String] = []

    @OptionGroup var upstreamTLS: UpstreamTLSOptions

    /// Runs `body` with connection `id` read fresh, and the store, catalog and transport it was read with.
    func withFreshConnection<Result>(
        _ id: String, force: Bool = false, storeOptions: StoreOptions,
        _ body: (Connection, Store, Catalog, HTTPClientTransport) async throws -> Result
    ) async throws -> Result {
        let catalog = try Catalog.load(files: catalogFiles)
        return try await HTTPClientTransport.using(tls: try upstreamTLS.configuration()) { transport in
            try await storeOptions.withStore { store in
                let connection = try await FreshConnection.load(
                    id, store: store, catalog: catalog, transport: transport, margin: TimeInterval(refreshMargin), force: force)
                return try await body(connection, store, catalog, transport)
            }
        }
    }
}
