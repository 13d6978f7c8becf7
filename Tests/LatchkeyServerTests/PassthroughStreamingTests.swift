import AsyncHTTPClient
import Foundation
import LatchkeyTestSupport
import NIOCore
import Testing

/// 200 MB up and 200 MB down through `latchkey serve`, run as users run it, while its resident memory stays under
/// 100 MB: bodies stream, they are never held whole.
@Suite(.serialized) struct PassthroughStreamingTests {
    static let size = 200 * 1024 * 1024

    /// The peak resident memory of a process, from `/proc`.
    static func peakResidentBytes(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { throw TestSetupError("no VmHWM in /proc/\(pid)/status") }
        return kilobytes * 1024
    }

    /// Uploads `size` bytes in 64 KiB chunks, made as they are sent.
    struct GeneratedBody: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let size: Int

        struct AsyncIterator: AsyncIteratorProtocol {
            var left: Int
            let chunk = ByteBuffer(repeating: UInt8(ascii: "y"), count: 64 * 1024)

            mutating func next() async -> ByteBuffer? {
                guard left > 0 else { return nil }
                let count = Swift.min(left, chunk.readableBytes)
                left -= count
                return chunk.getSlice(at: 0, length: count)
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(left: size) }
    }

    static func relayedCalls(port: Int) async throws -> Int {
        let metrics = try await httpRequest("GET", "http://127.0.0.1:\(port)/metrics")
        let line = metrics.body.split(separator: "\n").first { $0.hasPrefix("latchkey_passthrough_relayed_total ") }
        return line.flatMap { Int($0.split(separator: " ")[1]) } ?? -1
    }

    @Test func twoHundredMegabytesEachWayWithLittleMemory() async throws {
        guard
            let upstream = try await PythonPeer.start(
                "upstream/server.py", arguments: ["--header", "Authorization", "--value", "Bearer stream-token"])
        else { return }
        defer { upstream.stop() }
        let directory = try TemporaryDirectory()
        let catalog = directory.path("catalog.json")
        try #"""
        {"integrations": [{"type": "bulk", "name": "Bulk", "categories": ["storage"], "api_url": "\#(upstream.base)",
          "auth": {"token": {}}, "token_names": ["Token"], "token_instructions": ["Any"]}]}
        """#.write(toFile: catalog, atomically: true, encoding: .utf8)
        let server = try await RunningServer(arguments: ["--data-dir", directory.path("data"), "--catalog", catalog, "--log-level", "info"])
        let port = try await server.port()
        let key = try await server.firstStartKey()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let created = try await httpRequest(
                "POST", "http://127.0.0.1:\(port)/unified/connection", authorization: String(key),
                body: #"{"integration_type": "bulk", "auth": {"token": "stream-token"}}"#)
            let id = try #require(created.body.firstMatch(of: /"id":"([^"]+)"/)?.output.1)
            let before = try Self.peakResidentBytes(server.child.processIdentifier)

            // Both downloads are relayed on the event loop, on a client connection that answered another request first
            // (lent to the router): the first once the connection has been read into memory, the second (after a call
            // that reads it again, as a slow first download may outlast its time there) on the upstream connection the
            // first used, which stopped reading whenever this client could take no more. Both stream.
            var health = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
            health.headers.add(name: "authorization", value: String(key))
            let healthy = try await client.execute(health, timeout: .seconds(10))
            _ = try await healthy.body.collect(upTo: 1 << 16)
            #expect(healthy.status == .ok)
            for attempt in 1...2 {
                if attempt == 2 {
                    _ = try await httpRequest("GET", "http://127.0.0.1:\(port)/passthrough/\(id)/warm", authorization: String(key))
                }
                let relayedBefore = try await Self.relayedCalls(port: port)
                var download = HTTPClientRequest(url: "http://127.0.0.1:\(port)/passthrough/\(id)/download/\(Self.size)")
                download.headers.add(name: "authorization", value: String(key))
                let response = try await client.execute(download, timeout: .seconds(300))
                #expect(response.status == .ok)
                var received = 0
                for try await chunk in response.body { received += chunk.readableBytes }
                #expect(received == Self.size)
                #expect(try await Self.relayedCalls(port: port) - relayedBefore == 1, "download \(attempt)")
            }

            var upload = HTTPClientRequest(url: "http://127.0.0.1:\(port)/passthrough/\(id)/upload")
            upload.method = .POST
            upload.headers.add(name: "authorization", value: String(key))
            upload.body = .stream(GeneratedBody(size: Self.size), length: .known(Int64(Self.size)))
            let uploaded = try await client.execute(upload, timeout: .seconds(300))
            let answer = String(buffer: try await uploaded.body.collect(upTo: 1 << 16))
            #expect(uploaded.status == .ok, "\(answer)")
            #expect(answer.contains("\"received\": \(Self.size)"))

            let peak = try Self.peakResidentBytes(server.child.processIdentifier)
            #expect(peak < 100 * 1024 * 1024, "peak resident memory \(peak / 1_048_576) MB (\(before / 1_048_576) MB before the transfers)")
        } catch {
            try? await client.shutdown()
            _ = try? await server.stop(with: SIGKILL)
            throw error
        }
        try await client.shutdown()
        _ = try await server.stop(with: SIGINT)
    }
}
