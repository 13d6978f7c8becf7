/// What a request field's name means to the relay's readings of a request head (`RelayedRequest`,
/// `LendableRequest`); names are told apart by their length first.
enum RequestFieldName {
    case host
    case authorization
    case contentLength
    case connection
    /// `Transfer-Encoding`, `Expect` or `Upgrade`: the request's framing or the connection's protocol may change,
    /// and only SwiftNIO's decoder reads such a request.
    case changesFraming
    case other

    init(_ name: Slice<UnsafeRawBufferPointer>) {
        self =
            switch name.count {
            case 4 where HTTP1Syntax.equalsIgnoringCase(name, "host"): .host
            case 13 where HTTP1Syntax.equalsIgnoringCase(name, "authorization"): .authorization
            case 14 where HTTP1Syntax.equalsIgnoringCase(name, "content-length"): .contentLength
            case 10 where HTTP1Syntax.equalsIgnoringCase(name, "connection"): .connection
            case 17 where HTTP1Syntax.equalsIgnoringCase(name, "transfer-encoding"), 6 where HTTP1Syntax.equalsIgnoringCase(name, "expect"),
                7 where HTTP1Syntax.equalsIgnoringCase(name, "upgrade"):
                .changesFraming
            default: .other
            }
    }
}
