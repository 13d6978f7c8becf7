import Foundation

/// The JSON coding of the wire: keys in a stable order and slashes left unescaped, so that the same
/// value always gives the same bytes.
public enum WireJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as wire JSON bytes.
    public static func encode(_ value: some Encodable) throws -> Data {
        try encoder().encode(value)
    }
}
