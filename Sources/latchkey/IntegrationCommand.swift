import ArgumentParser
import Foundation
import LatchkeyCatalog
import LatchkeyStore

struct IntegrationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integration", abstract: "List the catalog and configure a workspace's OAuth apps.",
        subcommands: [Configure.self, List.self])

    struct Configure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a workspace's OAuth app for an integration. The client secret is stored sealed.")

        @Argument(help: "The integration's type, as the catalog names it (github, google, …).")
        var type: String

        @Option(help: "The workspace's id.")
        var workspace: String

        @Option(help: "The OAuth client id.")
        var clientID: String

        @Option(help: "The OAuth client secret; '-' reads it from standard input, keeping it out of the process list.")
        var clientSecret: String

        @Option(help: "Scopes to ask for, comma-separated, instead of the catalog's defaults.")
        var scopes: String?

        @Option(name: .customLong("catalog"), help: "Catalog files, as given to serve. Repeatable.")
        var catalogFiles: [String] = []

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            guard try Catalog.load(files: catalogFiles).integration(type: type) != nil else {
                throw CommandFailure("\(type) is not in the catalog; see 'latchkey integration list'")
            }
            let secret = clientSecret == "-" ? readLine(strippingNewline: true) ?? "" : clientSecret
            guard !secret.isEmpty else { throw ValidationError("--client-secret must not be empty") }
            let scopeList = scopes.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            try await storeOptions.withStore { store in
                guard try await store.workspace(id: workspace) != nil else {
                    throw CommandFailure("no workspace \(workspace); see 'latchkey workspace list'")
                }
                let app = try await store.configureIntegrationApp(
                    workspaceID: workspace, integrationType: type, clientID: clientID, clientSecret: secret, scopes: scopeList)
                print("Configured \(app.integrationType) for workspace \(app.workspaceID) with client id \(app.clientID).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the integrations of the catalog.")

        @Option(name: .customLong("catalog"), help: "Catalog files, as given to serve. Repeatable.")
        var catalogFiles: [String] = []

        func run() async throws {
            for integration in try Catalog.load(files: catalogFiles).integrations {
                print("\(integration.type)  \(integration.name)  [\(integration.auth.kinds.map(\.rawValue).joined(separator: ", "))]")
            }
        }
    }
}
