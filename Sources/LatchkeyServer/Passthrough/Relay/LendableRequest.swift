import NIOCore

/// A request `ByteRelayHandler` does not relay but can lend to SwiftNIO's decoder on its own, taking the connection
/// back once the answer has ended: an HTTP/1.1 request other than `CONNECT`, whose body (at most one
/// `Content-Length` of digits, or none, and at most `RelayPlan.bodyLimit` bytes) is read in full first, and without
/// `Transfer-Encoding`, `Expect`, `Upgrade` or a `Connection` field asking to close or upgrade. Where the decoder
/// and `HTTP1Head` could disagree on where such a request ends, it is not lendable.
struct LendableRequest {
    /// The body's length: its `Content-Length`, or 0 for none.
    let bodyLength: Int

    /// `head` read as a lendable request; `nil` when it is not one.
    init?(_ head: HTTP1Head) {
        guard let length = head.withBytes({ Self.bodyLength(of: head, bytes: $0) }), length <= RelayPlan.bodyLimit else { return nil }
        bodyLength = length
    }

    private static func bodyLength(of head: HTTP1Head, bytes: UnsafeRawBufferPointer) -> Int? {
        let line = bytes[head.startLine]
        guard HTTP1Syntax.isHTTP11(requestLine: line), !line.starts(with: "CONNECT ".utf8) else { return nil }
        var length: Int?
        for field in head.fields {
            switch RequestFieldName(bytes[field.name]) {
            case .contentLength:
                guard length == nil, let value = HTTP1Syntax.decimal(bytes[field.value]) else { return nil }
                length = value
            case .changesFraming:
                return nil
            case .connection:
                let value = bytes[field.value]
                if HTTP1Syntax.listContains(value, "close") || HTTP1Syntax.listContains(value, "upgrade") { return nil }
            case .host, .authorization, .other:
                break
            }
        }
        return length ?? 0
    }
}
