import Foundation

/// How `latchkey serve` listens.
public struct ServerConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// The largest request body accepted, in bytes; larger bodies are answered 413.
    public var maxBodySize: Int
    /// The address end users' browsers reach this server at; `http://{host}:{port}` when `nil`.
    public var publicURL: String?
    /// The largest request body a passthrough call may stream upstream, in bytes; larger ones are answered 413.
    public var passthroughMaxBodySize: Int
    /// The most bytes of request headers a passthrough call may carry; more is answered 431.
    public var passthroughMaxHeaderSize: Int
    /// How long a passthrough call waits for the upstream's response head; longer is answered 504.
    public var upstreamTimeout: Duration
    /// Whether passthrough calls that need nothing but memory are relayed on the event loop they arrive on
    /// (`PassthroughRelay`) rather than through the router and the shared HTTP client.
    public var passthroughRelay: Bool
    /// How long a client's connection may go without a request in progress (idle between requests, or sending a
    /// request's head), or without a byte of a request body it is sending, before it is closed.
    public var idleTimeout: Duration
    /// How many connections may wait to be accepted; the system's maximum when `nil`.
    public var listenBacklog: Int?

    public static let defaultMaxBodySize = 1 << 20

    /// The largest listen backlog the system allows (`/proc/sys/net/core/somaxconn` on Linux), or 1024 where it
    /// cannot be read.
    public static var systemMaximumBacklog: Int {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/core/somaxconn", encoding: .utf8),
            let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), value > 0
        else { return 1024 }
        return value
    }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodySize: Int = ServerConfiguration.defaultMaxBodySize, publicURL: String? = nil,
        passthroughMaxBodySize: Int = 1 << 30, passthroughMaxHeaderSize: Int = 32 * 1024, upstreamTimeout: Duration = .seconds(60),
        passthroughRelay: Bool = true, idleTimeout: Duration = .seconds(75), listenBacklog: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.maxBodySize = maxBodySize
        self.publicURL = publicURL
        self.passthroughMaxBodySize = passthroughMaxBodySize
        self.passthroughMaxHeaderSize = passthroughMaxHeaderSize
        self.upstreamTimeout = upstreamTimeout
        self.passthroughRelay = passthroughRelay
        self.idleTimeout = idleTimeout
        self.listenBacklog = listenBacklog
    }

    /// The largest request body accepted by the route `target` (a request target) leads to.
    public func maxBodySize(forTarget target: String) -> Int {
        target.hasPrefix("/passthrough/") ? passthroughMaxBodySize : maxBodySize
    }

    /// The address end users' browsers reach this server at, without a trailing slash.
    public var publicBaseURL: String {
        var base = publicURL ?? "http://\(host):\(port)"
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// The OAuth redirect URI to register with providers: `{public URL}/oauth/callback`.
    public var callbackURL: String { publicBaseURL + "/oauth/callback" }
}
