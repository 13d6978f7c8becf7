import NIOCore

/// A request `ByteRelayHandler` does not relay but can lend to SwiftNIO's decoder on its own, taking the connection
/// back once the answer has ended: an HTTP/1.1 request other than `CONNECT`, whose body (at most one
/// `Content-Length` of digits, or none) is read in full first, and without `Transfer-Encoding`, `Expect`, `Upgrade`
/// or a `Connection` field asking to close or upgrade. Where the decoder and `HTTP1Head` could disagree on where
/// such a request ends, it is not lendable.
struct LendableRequest {
    /// The body's length: its `Content-Length`, or 0 for none.
    let bodyLength: Int

    /// `head` read as a lendable request; `nil` when it is not one.
    init?(_ head: HTTP1Head) {
        guard let length = head.withBytes({ Self.bodyLength(of: head, bytes: $0) }) else { return nil }
        bodyLength = length
    }

    private static func bodyLength(of head: HTTP1Head, bytes: UnsafeRawBufferPointer) -> Int? {
        let line = bytes[head.startLine]
        guard line.count > 9, line.suffix(9).elementsEqual(" HTTP/1.1".utf8), !line.starts(with: "CONNECT ".utf8) else { return nil }
        var length: Int?
        for field in head.fields {
            let name = bytes[field.name]
            switch name.count {
            case 14 where HTTP1Syntax.equalsIgnoringCase(name, "content-length"):
                guard length == nil, let value = HTTP1Syntax.decimal(bytes[field.value]) else { return nil }
                length = value
            case 17 where HTTP1Syntax.equalsIgnoringCase(name, "transfer-encoding"), 6 where HTTP1Syntax.equalsIgnoringCase(name, "expect"),
                7 where HTTP1Syntax.equalsIgnoringCase(name, "upgrade"):
                return nil
            case 10 where HTTP1Syntax.equalsIgnoringCase(name, "connection"):
                let value = bytes[field.value]
                if HTTP1Syntax.listContains(value, "close") || HTTP1Syntax.listContains(value, "upgrade") { return nil }
            default:
                break
            }
        }
        return length ?? 0
    }
}
