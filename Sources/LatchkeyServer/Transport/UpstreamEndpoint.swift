import NIOCore

/// Where a relayed call connects: the host and port of an `http` or `https` URL. A class, so that each call shares
/// its connection's instead of copying the strings.
final class UpstreamEndpoint: Hashable, Sendable {
    let host: String
    let port: Int
    /// Spoken to over TLS (`https`).
    let secure: Bool
    /// The `Host` header for this endpoint.
    let hostHeader: String
    /// The name the TLS certificate must carry (and the SNI name): the host, or `nil` for an IP address, whose
    /// certificate is checked against the address.
    let serverHostname: String?
    /// The host, port and scheme hashed once: the pool looks an endpoint up twice a call.
    private let hashOfKey: Int

    init(host: String, port: Int, secure: Bool) {
        self.host = host
        self.port = port
        self.secure = secure
        self.hostHeader = port == (secure ? 443 : 80) ? host : "\(host):\(port)"
        self.serverHostname = (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
        var hasher = Hasher()
        hasher.combine(host)
        hasher.combine(port)
        hasher.combine(secure)
        self.hashOfKey = hasher.finalize()
    }

    // The host, port and scheme make the rest.
    static func == (left: UpstreamEndpoint, right: UpstreamEndpoint) -> Bool {
        left === right || (left.port == right.port && left.secure == right.secure && left.host == right.host)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hashOfKey)
    }
}

/// The `http(s)://host[:port]` start of a URL: its endpoint, and how many bytes of the URL it takes. A class, so
/// that each call shares its connection's.
final class UpstreamOrigin: Sendable {
    let endpoint: UpstreamEndpoint
    /// The origin as the URL spells it.
    let text: String
    /// The `Host` field line for the endpoint, ready to write.
    let hostLine: [UInt8]

    /// How many bytes of the URL the origin takes.
    var length: Int { text.utf8.count }

    /// The origin of an `http://host[:port]…` or `https://host[:port]…` URL; `nil` for any other scheme, a user, or
    /// an IPv6 literal.
    init?(_ url: String) {
        let secure: Bool
        if Self.starts(url, with: "https://") {
            secure = true
        } else if Self.starts(url, with: "http://") {
            secure = false
        } else {
            return nil
        }
        let schemeLength = secure ? 8 : 7
        let rest = url.utf8.dropFirst(schemeLength)
        let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        let authority = Substring(rest[..<authorityEnd])
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("[") else { return nil }
        var host = authority
        var port = secure ? 443 : 80
        if let colon = authority.lastIndex(of: ":") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            host = authority[..<colon]
            port = number
        }
        guard !host.isEmpty else { return nil }
        endpoint = UpstreamEndpoint(host: host.lowercased(), port: port, secure: secure)
        text = String(decoding: url.utf8.prefix(schemeLength + authority.utf8.count), as: UTF8.self)
        hostLine = Array("host: \(endpoint.hostHeader)\r\n".utf8)
    }

    /// The request target of `url`, which starts with this origin: what follows it, from `/`.
    func target(of url: String) -> String {
        let rest = Substring(url.utf8.dropFirst(length))
        return rest.hasPrefix("/") ? String(rest) : "/" + rest
    }

    /// Whether `url` starts with `scheme` (lowercase), in any case.
    private static func starts(_ url: String, with scheme: String) -> Bool {
        url.utf8.count > scheme.utf8.count && zip(url.utf8, scheme.utf8).allSatisfy { $0 | 0x20 == $1 }
    }
}
