import ArgumentParser
import Foundation
import LatchkeyModel
import LatchkeyStore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the data keys that seal stored secrets.", subcommands: [Rotate.self, List.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new data key and seal every connection again under it, while servers keep serving.")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                let report = try await store.rotateKeys()
                print("Rotated to data key \(report.keyID): \(report.resealed) connections sealed again in \(report.passes) passes.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List data keys and how many connections each seals.")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            try await storeOptions.withStore { store in
                for usage in try await store.keyUsage() {
                    print("\(usage.keyID)  created \(WireDate.format(usage.createdAt))  \(usage.sealedValues) sealed values")
                }
            }
        }
    }
}
