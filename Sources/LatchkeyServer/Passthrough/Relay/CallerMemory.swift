import NIOCore

/// What a server connection's handler remembers of its caller's last call. A caller sends the same API key with every
/// call on its connection, most often for the same connection, so the next call reuses what cannot have changed:
/// - the key's hash, while the `Authorization` bytes are the same;
/// - the workspace the key proved, until the API-key cache would forget it (never longer than the cache keeps it);
/// - the relayed settings of the connection called last, while the store keeps that same version of it (the store
///   is asked each time), and its id.
struct CallerMemory {
    private var header: [UInt8] = []
    private var keyHash: String?
    private var workspace: (id: String, until: NIODeadline)?
    private var connection: RelayedConnection?
    /// The storage the last call's upstream request was written in, which the next one reuses.
    let requestBytes = RecycledBuffer()

    /// The workspace whose API key is in `header`, an `Authorization` value, as `cache` knows it at `now`; `nil`
    /// when the header holds no key or the cache does not know it.
    mutating func workspaceID(for header: some Collection<UInt8>, in cache: APIKeyCache, now: NIODeadline) -> String? {
        if keyHash == nil || !isRemembered(header) {
            guard let hash = APIKeyMiddleware.keyHash(in: String(decoding: header, as: UTF8.self)) else { return nil }
            keyHash = hash
            self.header = Array(header)
            workspace = nil
        }
        if let workspace, now < workspace.until { return workspace.id }
        workspace = keyHash.flatMap { cache.workspace(forKeyHash: $0, now: now) }
        return workspace?.id
    }

    private func isRemembered(_ header: some Collection<UInt8>) -> Bool {
        let remembered = self.header
        guard header.count == remembered.count else { return false }
        let compared = header.withContiguousStorageIfAvailable { header in
            remembered.withUnsafeBufferPointer { remembered in header.elementsEqual(remembered) }
        }
        return compared ?? header.elementsEqual(remembered)
    }

    /// The id of the connection `request` calls: the remembered connection's own string when it is that one, which
    /// spares making a new one. (Taking the request, not its bytes, lets a caller holding this memory `inout` call it
    /// without copying the memory for a closure.)
    func connectionID(calledBy request: RelayedRequest) -> String {
        let remembered = connection?.record.connection.id
        return request.head.withBytes { bytes in
            let called = bytes[request.connectionIDBytes]
            if let remembered,
                remembered.utf8.withContiguousStorageIfAvailable({ $0.elementsEqual(UnsafeRawBufferPointer(rebasing: called)) }) == true
            {
                return remembered
            }
            return String(decoding: called, as: UTF8.self)
        }
    }

    /// The settings remembered, when they are those of version `version` of connection `id`.
    func connection(id: String, version: Int64) -> RelayedConnection? {
        guard let connection, connection.version == version, connection.record.connection.id == id else { return nil }
        return connection
    }

    /// Remembers `connection`'s settings (or that there are none to reuse).
    mutating func remember(_ connection: RelayedConnection?) {
        self.connection = connection
    }
}
