/// How `latchkey serve` listens.
public struct ServerConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// The largest request body accepted, in bytes; larger bodies are answered 413.
    public var maxBodySize: Int

    public static let defaultMaxBodySize = 1 << 20

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodySize: Int = ServerConfiguration.defaultMaxBodySize) {
        self.host = host
        self.port = port
        self.maxBodySize = maxBodySize
    }
}
