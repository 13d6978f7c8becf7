/// Where a relayed call connects: the host and port of a plain-HTTP URL.
struct UpstreamEndpoint: Hashable, Sendable {
    let host: String
    let port: Int
    /// The `Host` header for this endpoint.
    let hostHeader: String

    init(host: String, port: Int) {
        self.host = host
        self.port = port
        self.hostHeader = port == 80 ? host : "\(host):\(port)"
    }
}

/// The `http://host[:port]` start of a URL: its endpoint, and how many bytes of the URL it takes.
struct UpstreamOrigin: Hashable, Sendable {
    let endpoint: UpstreamEndpoint
    let length: Int

    /// The origin of a plain `http://host[:port]…` URL; `nil` for any other scheme, a user, or an IPv6 literal.
    init?(plainHTTP url: String) {
        let scheme = "http://".utf8
        guard url.utf8.count > scheme.count, zip(url.utf8, scheme).allSatisfy({ $0 | 0x20 == $1 }) else { return nil }
        let rest = url.utf8.dropFirst(scheme.count)
        let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        let authority = Substring(rest[..<authorityEnd])
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("[") else { return nil }
        var host = authority
        var port = 80
        if let colon = authority.lastIndex(of: ":") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            host = authority[..<colon]
            port = number
        }
        guard !host.isEmpty else { return nil }
        endpoint = UpstreamEndpoint(host: host.lowercased(), port: port)
        length = scheme.count + authority.utf8.count
    }

    /// The request target of `url`, which starts with this origin: what follows it, from `/`.
    func target(of url: String) -> String {
        let rest = Substring(url.utf8.dropFirst(length))
        return rest.hasPrefix("/") ? String(rest) : "/" + rest
    }
}
