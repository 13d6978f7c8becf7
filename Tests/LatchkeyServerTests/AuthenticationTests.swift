import Foundation
import Hummingbird
import LatchkeyStore
import LatchkeyTestSupport
import NIOCore
import Testing

@testable import LatchkeyServer

@Suite struct AuthenticationTests {
    @Test func theKeyIsAcceptedVerbatimOrAsBearer() async throws {
        try await withServer { server in
            for authorization in [server.apiKey, "Bearer \(server.apiKey)", "bearer  \(server.apiKey) "] {
                let response = try await server.request(.get, "/unified/connection", authorization: authorization)
                #expect(response.status == .ok)
            }
        }
    }

    @Test(arguments: ["", "lk_wrong", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer lk_wrong"])
    func aMissingOrWrongKeyIs401(authorization: String) async throws {
        try await withServer { server in
            for (method, path) in [("GET", "/unified/connection"), ("POST", "/unified/connection"), ("GET", "/unified/connection/x")] {
                let response = try await server.request(
                    .init(method)!, path, body: method == "POST" ? sdkStyleConnection : nil, authorization: authorization)
                #expect(response.status == .unauthorized)
                #expect(response.error["code"] as? String == "unauthorized")
            }
            #expect(try await server.connectionCount() == 0)
        }
    }

    /// Another workspace's connection answers exactly like one that does not exist, for every method.
    @Test func anotherWorkspacesConnectionIsIndistinguishableFromAMissingOne() async throws {
        try await withServer { server in
            let other = try await server.store.createWorkspace(name: "other")
            let theirs = try await server.createConnection(sdkStyleConnection)
            let missing = "000000000000000000000000"
            for method in ["GET", "PATCH", "PUT", "DELETE"] {
                let body = method == "PATCH" || method == "PUT" ? #"{"integration_type": "github"}"# : nil
                let forOther = try await server.request(.init(method)!, "/unified/connection/\(theirs)", body: body, authorization: other.apiKey)
                let forMissing = try await server.request(.init(method)!, "/unified/connection/\(missing)", body: body, authorization: other.apiKey)
                #expect(forOther.status == .notFound, "\(method)")
                #expect(forMissing.status == .notFound, "\(method)")
                #expect(forOther.text.replacingOccurrences(of: theirs, with: missing) == forMissing.text, "\(method)")
            }
            let list = try await server.request(.get, "/unified/connection", authorization: other.apiKey)
            #expect(list.text == "[]")
            let untouched = try await server.request(.get, "/unified/connection/\(theirs)")
            #expect(untouched.object["integration_type"] as? String == "hubspot")
        }
    }
}

@Suite struct APIKeyCacheTests {
    @Test func remembersFoundKeysUntilTheyExpire() {
        let cache = APIKeyCache(lifetime: .seconds(30), capacity: 2)
        let start = NIODeadline.now()
        #expect(cache.workspaceID(forKeyHash: "h1", now: start) == nil)
        cache.remember("w1", forKeyHash: "h1", now: start)
        #expect(cache.workspaceID(forKeyHash: "h1", now: start + .seconds(29)) == "w1")
        #expect(cache.workspaceID(forKeyHash: "h1", now: start + .seconds(31)) == nil)
    }

    @Test func aFullCacheStartsOver() {
        let cache = APIKeyCache(lifetime: .seconds(30), capacity: 2)
        cache.remember("w1", forKeyHash: "h1")
        cache.remember("w2", forKeyHash: "h2")
        cache.remember("w3", forKeyHash: "h3")
        #expect(cache.workspaceID(forKeyHash: "h1") == nil)
        #expect(cache.workspaceID(forKeyHash: "h3") == "w3")
    }
}

/// What a server connection remembers of its caller's key (`CallerMemory`): never longer than the API-key cache
/// remembers it, and only for the same `Authorization` bytes.
@Suite struct CallerMemoryTests {
    static func header(_ text: String) -> ByteBufferView { ByteBuffer(string: text).readableBytesView }

    @Test func aKeyIsRememberedNoLongerThanTheCacheKnowsItAndOnlyForTheSameHeader() {
        let cache = APIKeyCache(lifetime: .seconds(30), capacity: 10)
        var memory = CallerMemory()
        let start = NIODeadline.now()
        #expect(memory.workspaceID(for: Self.header("Bearer lk_one"), in: cache, now: start) == nil, "not proven yet")
        cache.remember("w1", forKeyHash: Store.hash(apiKey: "lk_one"), now: start)
        #expect(memory.workspaceID(for: Self.header("Bearer lk_one"), in: cache, now: start + .seconds(1)) == "w1")
        #expect(memory.workspaceID(for: Self.header("Bearer lk_one"), in: cache, now: start + .seconds(29)) == "w1")
        #expect(memory.workspaceID(for: Self.header("Bearer lk_one"), in: cache, now: start + .seconds(31)) == nil, "the cache forgot it")
        cache.remember("w1", forKeyHash: Store.hash(apiKey: "lk_one"), now: start + .seconds(31))
        #expect(memory.workspaceID(for: Self.header("lk_one"), in: cache, now: start + .seconds(32)) == "w1", "proven again")
        #expect(memory.workspaceID(for: Self.header("Bearer lk_two"), in: cache, now: start + .seconds(32)) == nil, "another key")
        #expect(memory.workspaceID(for: Self.header("Basic"), in: cache, now: start + .seconds(32)) == nil, "no key at all")
        cache.remember("w2", forKeyHash: Store.hash(apiKey: "lk_two"), now: start + .seconds(32))
        #expect(memory.workspaceID(for: Self.header("Bearer lk_two"), in: cache, now: start + .seconds(33)) == "w2")
        #expect(memory.workspaceID(for: Self.header("Bearer lk_one"), in: cache, now: start + .seconds(33)) == "w1")
    }
}
