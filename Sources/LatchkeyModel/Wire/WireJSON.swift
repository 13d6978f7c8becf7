import Foundation

/// The JSON coding of the wire: slashes left unescaped, and the same value always gives the same bytes.
/// `JSONWritable` values are written by `JSONWriter` (fields in wire order, several times faster than
/// `JSONEncoder`); anything else goes through one shared `JSONEncoder` with sorted keys.
public enum WireJSON {
    private static let sharedEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let sharedDecoder = JSONDecoder()

    /// `value` as wire JSON bytes.
    public static func encode(_ value: some Encodable) throws -> Data {
        if let writable = value as? any JSONWritable {
            var writer = JSONWriter()
            writable.write(to: &writer)
            return Data(writer.bytes)
        }
        return try sharedEncoder.encode(value)
    }

    /// A `Value` read from JSON bytes.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        try sharedDecoder.decode(type, from: data)
    }
}
