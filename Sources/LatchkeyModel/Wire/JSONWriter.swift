import Foundation

/// Writes JSON bytes directly, with keys in the order they are written: the fast, deterministic path
/// for the types Latchkey answers most (`Connection`, `ConnectionAuth`, `JSONValue`).
///
/// ```swift
/// var writer = JSONWriter()
/// writer.object { object in
///     object.field("id", "c1")
///     object.field("is_paused", false)
/// }
/// // {"id":"c1","is_paused":false}
/// ```
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A number as JSON: whole values without a fraction (`3600`), others in Swift's shortest exact form.
    public mutating func number(_ value: Double) {
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
            integer(Int64(value))
        } else {
            bytes.append(contentsOf: Array("\(value)".utf8))
        }
    }

    public mutating func integer(_ value: Int64) { bytes.append(contentsOf: Array(String(value).utf8)) }

    public mutating func bool(_ value: Bool) { bytes.append(contentsOf: Array((value ? "true" : "false").utf8)) }

    public mutating func null() { bytes.append(contentsOf: Array("null".utf8)) }

    public mutating func date(_ date: Date) {
        bytes.append(UInt8(ascii: "\""))
        WireDate.append(date, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// An object whose members `body` writes.
    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        var object = ObjectWriter(writer: self)
        bytes = []
        body(&object)
        self = object.writer
        bytes.append(UInt8(ascii: "}"))
    }

    /// An array of `elements`.
    public mutating func array<Element>(_ elements: [Element], _ write: (inout JSONWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes the members of one object, separating them with commas.
    public struct ObjectWriter {
        fileprivate var writer: JSONWriter
        private var first = true

        fileprivate init(writer: JSONWriter) { self.writer = writer }

        /// Writes `"name":` and lets `write` write the value.
        public mutating func member(_ name: String, _ write: (inout JSONWriter) -> Void) {
            if !first { writer.bytes.append(UInt8(ascii: ",")) }
            first = false
            writer.string(name)
            writer.bytes.append(UInt8(ascii: ":"))
            write(&writer)
        }

        public mutating func field(_ name: String, _ text: String?) {
            guard let text else { return }
            member(name) { $0.string(text) }
        }

        public mutating func field(_ name: String, _ number: Double?) {
            guard let number else { return }
            member(name) { $0.number(number) }
        }

        public mutating func field(_ name: String, _ flag: Bool) { member(name) { $0.bool(flag) } }

        public mutating func field(_ name: String, _ date: Date?) {
            guard let date else { return }
            member(name) { $0.date(date) }
        }

        public mutating func field(_ name: String, _ texts: [String]?) {
            guard let texts else { return }
            member(name) { writer in writer.array(texts) { $0.string($1) } }
        }

        public mutating func field(_ name: String, _ writable: (some JSONWritable)?) {
            guard let writable else { return }
            member(name) { writable.write(to: &$0) }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

/// A value that writes itself as JSON through a `JSONWriter`.
public protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}

extension Array: JSONWritable where Element: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.array(self) { $1.write(to: &$0) }
    }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        if let value = self { value.write(to: &writer) } else { writer.null() }
    }
}
