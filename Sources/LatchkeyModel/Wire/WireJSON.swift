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
        if let writable = value as? any JSONWritable { return Data(write(writable)) }
        return try sharedEncoder.encode(value)
    }

    /// `value` as wire JSON bytes in an array, without the copy into `Data`.
    public static func bytes(_ value: some Encodable) throws -> [UInt8] {
        if let writable = value as? any JSONWritable { return write(writable) }
        return Array(try sharedEncoder.encode(value))
    }

    private static func write(_ writable: any JSONWritable) -> [UInt8] {
        var writer = JSONWriter()
        writable.write(to: &writer)
        return writer.bytes
    }

    /// A `Value` read from JSON bytes.
    public static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        try sharedDecoder.decode(type, from: data)
    }
}
