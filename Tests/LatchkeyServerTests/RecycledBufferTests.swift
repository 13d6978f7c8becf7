import NIOCore
import Testing

@testable import LatchkeyServer

/// A buffer kept between a connection's answers: reused only once nothing else holds it.
struct RecycledBufferTests {
    @Test func aBufferGivenBackIsReusedOnceNothingElseHoldsIt() {
        let recycled = RecycledBuffer()
        var first = recycled.take(capacity: 64, allocator: ByteBufferAllocator())
        first.writeString("HTTP/1.1 200 OK\r\n\r\n")
        let storage = first.withUnsafeReadableBytes { $0.baseAddress }
        recycled.giveBack(first)
        // Still held (as a channel holds a write not yet done): the next answer is written elsewhere.
        var second = recycled.take(capacity: 64, allocator: ByteBufferAllocator())
        second.writeString("HTTP/1.1 404 Not Found\r\n\r\n")
        #expect(String(buffer: first) == "HTTP/1.1 200 OK\r\n\r\n")
        #expect(second.withUnsafeReadableBytes { $0.baseAddress } != storage)

        let secondStorage = second.withUnsafeReadableBytes { $0.baseAddress }
        recycled.giveBack(second)
        second = ByteBuffer()
        var third = recycled.take(capacity: 64, allocator: ByteBufferAllocator())
        #expect(third.readableBytes == 0)
        third.writeString("HTTP/1.1 204 No Content\r\n\r\n")
        #expect(third.withUnsafeReadableBytes { $0.baseAddress } == secondStorage)
        #expect(String(buffer: third) == "HTTP/1.1 204 No Content\r\n\r\n")
    }

    @Test func aBufferTooSmallForTheNextUseGrows() {
        let recycled = RecycledBuffer()
        var small = recycled.take(capacity: 8, allocator: ByteBufferAllocator())
        small.writeString("12345678")
        recycled.giveBack(small)
        small = ByteBuffer()
        let large = recycled.take(capacity: 4096, allocator: ByteBufferAllocator())
        #expect(large.capacity >= 4096)
        #expect(large.readableBytes == 0)
    }
}
