import ArgumentParser
import Foundation
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyOAuth
import LatchkeyRefresh
import LatchkeyServer
import LatchkeyStore

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Print a usable access token of a connection, refreshing it first when needed.")

    @Argument(help: "The connection's id.")
    var connectionID: String

    @Flag(help: "Refresh now, whatever the expiry.")
    var force = false

    @Option(help: "Seconds the printed token must stay valid.")
    var refreshMargin: Int = 300

    @Option(name: .customLong("catalog"), help: "Catalog files, as given to serve. Repeatable.")
    var catalogFiles: [String] = []

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let catalog = try Catalog.load(files: catalogFiles)
        try await HTTPClientTransport.using { transport in
            try await storeOptions.withStore { store in
                guard let record = try await store.connectionRecord(id: connectionID) else {
                    throw CommandFailure("no connection \(connectionID)")
                }
                let refresher = Refresher(
                    store: store, catalog: catalog, transport: transport, margin: TimeInterval(refreshMargin), logger: store.logger)
                let connection: Connection
                do {
                    connection = try await refresher.fresh(record, force: force)
                } catch let error as RefreshError {
                    throw CommandFailure(Self.explain(error))
                }
                guard let token = connection.auth?.accessToken ?? connection.auth?.token ?? connection.auth?.key else {
                    throw CommandFailure("connection \(connectionID) holds no access token")
                }
                print(token)
            }
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
