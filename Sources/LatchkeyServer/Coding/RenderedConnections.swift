import Hummingbird
import LatchkeyModel
import LatchkeyStore
import Synchronization

/// The JSON of connections as last answered, by id and version. A connection's JSON changes only with its version
/// (every write of its fields increments it), so a read of an unchanged connection answers the same bytes again
/// instead of writing them anew. Bounded like the store's cache of opened connections.
final class RenderedConnections: Sendable {
    private struct Entry {
        let version: Int64
        let body: ByteBuffer
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The JSON of `record`'s connection.
    func body(of record: ConnectionRecord) -> ByteBuffer {
        let id = record.connection.id
        if let entry = entries.withLock({ $0[id] }), entry.version == record.version { return entry.body }
        var writer = JSONWriter()
        record.connection.write(to: &writer)
        let body = ByteBuffer(bytes: writer.bytes)
        guard capacity > 0 else { return body }
        entries.withLock { entries in
            if entries[id] == nil, entries.count >= capacity, !entries.isEmpty { entries.remove(at: entries.startIndex) }
            entries[id] = Entry(version: record.version, body: body)
        }
        return body
    }
}
