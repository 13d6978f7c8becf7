import ArgumentParser
import NIOCore
import NIOPosix

@main
struct LatchkeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latchkey",
        abstract: "Obtain, store sealed, keep fresh and apply the credentials of third-party API connections.",
        subcommands: [ServeCommand.self, WorkspaceCommand.self, IntegrationCommand.self, TokenCommand.self, RequestCommand.self, KeysCommand.self])

    /// Runs Swift's tasks on SwiftNIO's event loops, so that a request's work does not hop between NIO's threads and
    /// Swift's own pool on its way through the server and the upstream client.
    static func main() async {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }
}
