import ArgumentParser

@main
struct LatchkeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latchkey",
        abstract: "Obtain, store sealed, keep fresh and apply the credentials of third-party API connections.",
        subcommands: [ServeCommand.self, WorkspaceCommand.self, IntegrationCommand.self, TokenCommand.self, RequestCommand.self, KeysCommand.self])
}
