/// An HTTP request to send to a provider, built without a transport so that it can be checked with plain values.
public struct OutgoingRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    /// Header names in lowercase.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The body as text, for tests and messages.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// A provider's answer, as the transport received it.
public struct IncomingResponse: Sendable, Hashable {
    public var status: Int
    /// Header names in lowercase.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
