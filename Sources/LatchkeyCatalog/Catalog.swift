import LatchkeyModel

/// The integrations a server offers: the built-in ones, with entries from catalog files added or replacing
/// built-in ones of the same `type`.
public struct Catalog: Sendable {
    /// Every entry, ordered by type.
    public let integrations: [Integration]
    private let byType: [String: Integration]

    public init(_ integrations: [Integration]) {
        var byType: [String: Integration] = [:]
        for integration in integrations { byType[integration.type] = integration }
        self.byType = byType
        self.integrations = byType.values.sorted { $0.type < $1.type }
    }

    public func integration(type: String) -> Integration? { byType[type] }

    /// The catalog shipped inside Latchkey.
    public static func builtIn() -> Catalog {
        do {
            return Catalog(try CatalogFile.parse(json: BuiltInCatalog.json, source: "the built-in catalog"))
        } catch {
            preconditionFailure("the built-in catalog is invalid: \(error)")
        }
    }

    /// The built-in catalog with the entries of `files` laid over it, in order.
    public static func load(files: [String]) throws -> Catalog {
        var entries = builtIn().integrations
        for file in files {
            entries += try CatalogFile.load(path: file)
        }
        return Catalog(entries)
    }
}
