import NIOCore

/// A buffer's storage kept between uses: a use takes it, writes it out and gives it back, and the next use finds it
/// free again once the channel has written it, so that it writes without allocating. Used on one event loop only.
final class RecycledBuffer {
    private var kept: ByteBuffer?

    /// An empty buffer of at least `capacity` bytes: the one kept, when there is one, else one from `allocator` (asked
    /// for only then: reaching a channel's allocator costs more than reusing the storage).
    func take(capacity: Int, allocator: @autoclosure () -> ByteBufferAllocator) -> ByteBuffer {
        guard var buffer = kept else { return allocator().buffer(capacity: capacity) }
        kept = nil
        buffer.clear(minimumCapacity: capacity)
        return buffer
    }

    /// Keeps `buffer`'s storage for the next use.
    func giveBack(_ buffer: ByteBuffer) {
        kept = buffer
    }
}
