import NIOCore

/// A message head as it came over the wire, read strictly: its start line and its fields, as ranges of its bytes.
///
/// Lines end with CRLF only (a bare CR or LF is refused); a field is a token, a colon with nothing before it, and a
/// value of visible bytes, spaces and tabs (RFC 9112 section 5). An `obs-fold` line, a control byte or a head longer
/// than the limit is refused. Whoever reads a refused head must not guess where it ends.
struct HTTP1Head {
    /// One field line: where its name and its value (without the spaces around it) are in `bytes`.
    struct Field {
        let name: Range<Int>
        let value: Range<Int>
        /// Where the line ends, before its CRLF.
        let lineEnd: Int

        /// The whole line, its CRLF included.
        var line: Range<Int> { name.lowerBound..<(lineEnd + 2) }

        /// The line is written as Latchkey writes a field: the name in lowercase, `: ` and the value, and nothing
        /// around it.
        func isWrittenPlainly(in bytes: UnsafeRawBufferPointer) -> Bool {
            value.lowerBound == name.upperBound + 2 && bytes[name.upperBound + 1] == 0x20 && value.upperBound == lineEnd
                && !bytes[name].contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        }
    }

    enum Reading {
        /// The blank line has not come yet.
        case incomplete
        case complete(HTTP1Head)
        case malformed
    }

    /// The head, its blank line included.
    let bytes: ByteBuffer
    /// The start line, without its CRLF.
    let startLine: Range<Int>
    let fields: [Field]

    /// Reads the head at the start of `buffer`'s readable bytes, and moves past it when it is complete.
    static func read(from buffer: inout ByteBuffer, limit: Int) -> Reading {
        var fields: [Field] = []
        return read(from: &buffer, limit: limit, reusing: &fields)
    }

    /// Reads the head at the start of `buffer`'s readable bytes, and moves past it when it is complete, listing its
    /// fields in `fields`' storage: a reader that keeps the array between heads allocates none once the last head it
    /// read is gone.
    static func read(from buffer: inout ByteBuffer, limit: Int, reusing fields: inout [Field]) -> Reading {
        fields.removeAll(keepingCapacity: true)
        if fields.capacity < 16 { fields.reserveCapacity(16) }
        switch buffer.withUnsafeReadableBytes({ scan($0, limit: limit, into: &fields) }) {
        case .incomplete: return .incomplete
        case .malformed: return .malformed
        case .complete(let length, let startLine):
            return .complete(HTTP1Head(bytes: buffer.readSlice(length: length)!, startLine: startLine, fields: fields))
        }
    }

    /// Calls `body` with the head's bytes, which `startLine` and the fields' ranges index. Reading them in place keeps
    /// the buffer's storage from being retained and released at every step of the reading.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeReadableBytes(body)
    }

    /// The bytes in `range` of the head, as text.
    func string(_ range: Range<Int>) -> String {
        withBytes { String(decoding: $0[range], as: UTF8.self) }
    }

    private enum Scan {
        case incomplete
        case malformed
        case complete(length: Int, startLine: Range<Int>)
    }

    private static func scan(_ bytes: UnsafeRawBufferPointer, limit: Int, into fields: inout [Field]) -> Scan {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        var lineStart = 0
        var startLine: Range<Int>?
        var index = 0
        while index < bytes.count {
            // Eight bytes at a time up to the next line break; the limit counts the bytes of lines.
            let skipped = index
            while index + 8 <= bytes.count, !HTTP1Syntax.hasLineBreak(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
            }
            if index > skipped, index > limit { return .malformed }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == cr {
                guard index + 1 < bytes.count else { break }
                guard bytes[index + 1] == lf else { return .malformed }
                let line = lineStart..<index
                index += 2
                lineStart = index
                guard let start = startLine else {
                    guard !line.isEmpty else { return .malformed }
                    startLine = line
                    continue
                }
                if line.isEmpty { return .complete(length: index, startLine: start) }
                guard let field = field(in: bytes, line) else { return .malformed }
                fields.append(field)
                continue
            }
            if byte == lf { return .malformed }
            index += 1
            if index > limit { return .malformed }
        }
        return bytes.count > limit ? .malformed : .incomplete
    }

    private static func field(in bytes: UnsafeRawBufferPointer, _ line: Range<Int>) -> Field? {
        var index = line.lowerBound
        while index < line.upperBound, HTTP1Syntax.isToken(bytes[index]) { index += 1 }
        guard index > line.lowerBound, index < line.upperBound, bytes[index] == UInt8(ascii: ":") else { return nil }
        let name = line.lowerBound..<index
        var valueStart = index + 1
        var valueEnd = line.upperBound
        guard HTTP1Syntax.isFieldValue(bytes[valueStart..<valueEnd]) else { return nil }
        while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
        while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        return Field(name: name, value: valueStart..<valueEnd, lineEnd: line.upperBound)
    }
}
