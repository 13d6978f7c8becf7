import ArgumentParser
import Foundation
import LatchkeyModel
import LatchkeyStore

struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace", abstract: "Create and list workspaces, before or while a server runs on the same store.",
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a workspace and print its API key, shown only this once.")

        @Argument(help: "The workspace's name.")
        var name: String

        @Flag(help: "Print {\"id\", \"name\", \"api_key\"} as JSON.")
        var json = false

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                let created = try await store.createWorkspace(name: name)
                if json {
                    print(String(decoding: try WireJSON.encode(created), as: UTF8.self))
                } else {
                    print("Created workspace \"\(created.name)\" (\(created.id)). Its API key, shown only this once:\n\n    \(created.apiKey)\n")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List workspaces (never their keys).")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                for workspace in try await store.workspaces() {
                    print("\(workspace.id)  \(workspace.name)")
                }
            }
        }
    }
}
