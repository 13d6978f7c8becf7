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

    @OptionGroup var credentialOptions: CredentialOptions

    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        try await credentialOptions.withFreshConnection(connectionID, force: force, storeOptions: storeOptions) { connection, _, _, _ in
            guard let token = connection.auth?.accessToken ?? connection.auth?.token ?? connection.auth?.key else {
                throw CommandFailure("connection \(connectionID) holds no access token")
            }
            print(token)
        }
    }
}
