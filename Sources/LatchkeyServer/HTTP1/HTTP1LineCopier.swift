import NIOCore

/// Copies field lines of a head into a buffer as they came, consecutive lines in one write.
struct HTTP1LineCopier {
    private let source: UnsafeRawBufferPointer
    /// Lines taken and not yet written.
    private var pending: Range<Int>?

    /// Copies lines of `source`, a head's bytes.
    init(from source: UnsafeRawBufferPointer) {
        self.source = source
    }

    /// Takes `field`'s line (its CRLF included), to write after those taken before it.
    mutating func copy(_ field: HTTP1Head.Field, into buffer: inout ByteBuffer) {
        let line = field.line
        if let run = pending, run.upperBound == line.lowerBound {
            pending = run.lowerBound..<line.upperBound
            return
        }
        flush(into: &buffer)
        pending = line
    }

    /// Writes the lines taken; call before writing anything else.
    mutating func flush(into buffer: inout ByteBuffer) {
        guard let run = pending else { return }
        pending = nil
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: source[run]))
    }
}
