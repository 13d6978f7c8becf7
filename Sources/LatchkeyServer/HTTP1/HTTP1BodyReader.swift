import LatchkeyOAuth
import NIOCore

/// Finds where a message's body ends as its bytes arrive, and hands on its content: a length's worth of bytes, the
/// data of its chunks (RFC 9112 section 7.1; extensions and trailer fields are read and dropped), or everything
/// until the connection closes.
///
/// A chunked body is read strictly: hexadecimal sizes, CRLF line ends, no size beyond 2^60.
struct HTTP1BodyReader {
    enum Framing: Equatable {
        case none
        case length(Int)
        case chunked
        /// The body ends when the connection does.
        case untilClose
    }

    struct Malformed: Error {}

    private enum State {
        case remaining(Int)
        /// A chunk's size line: the size so far, whether a digit came, and whether an extension has begun.
        case size(Int, digits: Bool, extensionBegun: Bool)
        case sizeLineEnd(Int)
        case data(Int)
        case dataEnd(sawCR: Bool)
        /// A trailer line (or the final blank line): its length so far.
        case trailer(length: Int)
        case trailerLineEnd(length: Int)
        case untilClose
        case done
    }

    private var state: State

    init(_ framing: Framing) {
        state =
            switch framing {
            case .none, .length(0): .done
            case .length(let length): .remaining(length)
            case .chunked: .size(0, digits: false, extensionBegun: false)
            case .untilClose: .untilClose
            }
    }

    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Takes the body's bytes from the front of `buffer`, handing its content to `content` piece by piece; leaves
    /// whatever follows the body. Returns whether the body has ended.
    mutating func read(_ buffer: inout ByteBuffer, content: (ByteBuffer) -> Void) throws(Malformed) -> Bool {
        while buffer.readableBytes > 0 {
            switch state {
            case .done:
                return true
            case .untilClose:
                content(buffer.readSlice(length: buffer.readableBytes)!)
            case .remaining(let count), .data(let count):
                let piece = buffer.readSlice(length: min(count, buffer.readableBytes))!
                content(piece)
                let left = count - piece.readableBytes
                if case .remaining = state {
                    state = left == 0 ? .done : .remaining(left)
                } else {
                    state = left == 0 ? .dataEnd(sawCR: false) : .data(left)
                }
            default:
                try step(buffer.readInteger(as: UInt8.self)!)
            }
        }
        return isDone
    }

    /// One byte of a chunk's framing.
    private mutating func step(_ byte: UInt8) throws(Malformed) {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        switch state {
        case .size(let size, let digits, false):
            if let value = FormEncoding.hexValue(byte) {
                guard size < 1 << 56 else { throw Malformed() }
                state = .size(size << 4 | Int(value), digits: true, extensionBegun: false)
            } else if digits, byte == cr {
                state = .sizeLineEnd(size)
            } else if digits, byte == UInt8(ascii: ";") || byte == 0x20 || byte == 0x09 {
                state = .size(size, digits: true, extensionBegun: true)
            } else {
                throw Malformed()
            }
        case .size(let size, _, true):
            if byte == cr {
                state = .sizeLineEnd(size)
            } else if !HTTP1Syntax.isFieldValue(byte) {
                throw Malformed()
            }
        case .sizeLineEnd(let size):
            guard byte == lf else { throw Malformed() }
            state = size == 0 ? .trailer(length: 0) : .data(size)
        case .dataEnd(false):
            guard byte == cr else { throw Malformed() }
            state = .dataEnd(sawCR: true)
        case .dataEnd(true):
            guard byte == lf else { throw Malformed() }
            state = .size(0, digits: false, extensionBegun: false)
        case .trailer(let length):
            if byte == cr {
                state = .trailerLineEnd(length: length)
            } else {
                guard HTTP1Syntax.isFieldValue(byte), length < 8192 else { throw Malformed() }
                state = .trailer(length: length + 1)
            }
        case .trailerLineEnd(let length):
            guard byte == lf else { throw Malformed() }
            state = length == 0 ? .done : .trailer(length: 0)
        default:
            throw Malformed()
        }
    }
}
