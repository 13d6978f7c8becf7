import Foundation
import LatchkeyModel

/// Fills `{name}` placeholders of a catalog URL with a connection's own values, such as `{subdomain}`.
///
/// Values are percent-encoded, and the result must be an absolute http(s) URL whose host holds only
/// letters, digits, dots and hyphens, so a value can never move a request to another host.
public enum URLTemplate {
    public struct MissingValue: Error, Sendable, Hashable, CustomStringConvertible {
        public let placeholder: String
        public init(placeholder: String) { self.placeholder = placeholder }
        public var description: String { "the URL needs a value for {\(placeholder)}" }
    }

    public struct UnsafeURL: Error, Sendable, Hashable, CustomStringConvertible {
        public init() {}
        public var description: String { "the filled URL is not an absolute http(s) URL on a plain host name" }
    }

    /// The names of the placeholders in `template`, in order.
    public static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    public static func fill(_ template: String, values: [String: String]) throws -> String {
        var filled = template
        for name in placeholders(in: template) {
            guard let value = values[name] ?? values[name.lowercased()], !value.isEmpty else { throw MissingValue(placeholder: name) }
            filled = filled.replacingOccurrences(of: "{\(name)}", with: FormEncoding.escape(value))
        }
        guard ConnectionAuth.isAbsoluteHTTPURL(filled), let host = URLComponents(string: filled)?.host,
            host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
        else { throw UnsafeURL() }
        return filled
    }
}
