/// A catalog file that cannot be served, naming the file, the entry and the field at fault.
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    public let source: String
    /// `integrations[3] (acme)`, when the fault is inside an entry.
    public let entry: String?
    /// The field's path inside the entry, such as `auth.oauth2.token_url`.
    public let field: String?
    public let message: String

    public var description: String {
        var text = "catalog \(source)"
        if let entry { text += ", entry \(entry)" }
        if let field { text += ", field \(field)" }
        return text + ": " + message
    }

    init(source: String, entry: String?, field: String?, message: String) {
        self.source = source
        self.entry = entry
        self.field = field
        self.message = message
    }

    /// Places a decoding error in the file: the entry by index and type, the field by its path inside the entry.
    init(decoding error: DecodingError, source: String, document: Any?) {
        let (path, message): ([any CodingKey], String) =
            switch error {
            case .typeMismatch(let type, let context): (context.codingPath, "must be \(Self.describe(type))")
            case .valueNotFound(let type, let context): (context.codingPath, "must be \(Self.describe(type)), not null")
            case .keyNotFound(let key, let context): (context.codingPath + [key], "is required")
            case .dataCorrupted(let context):
                (context.codingPath, context.codingPath.isEmpty ? "is not valid JSON" : "has a value that cannot be read")
            @unknown default: ([], "cannot be read")
            }
        guard path.count >= 2, path[0].stringValue == "integrations", let index = path[1].intValue else {
            self.init(
                source: source, entry: nil, field: path.isEmpty ? nil : Self.join(path),
                message: message)
            return
        }
        let entries = (document as? [String: Any])?["integrations"] as? [Any]
        let type = (entries.flatMap { index < $0.count ? $0[index] as? [String: Any] : nil })?["type"] as? String
        let fieldPath = Array(path.dropFirst(2))
        self.init(
            source: source, entry: "integrations[\(index)]" + (type.map { " (\($0))" } ?? ""),
            field: fieldPath.isEmpty ? nil : Self.join(fieldPath), message: message)
    }

    private static func join(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { text, key in
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }
}
