import Crypto
import Foundation
import Synchronization

/// Signers for per-request JWTs, kept by a digest of their algorithm and key: parsing an RSA or EC PEM costs far
/// more than signing, and the same connection signs every call with the same key. The key itself is not kept as a
/// dictionary key; the cache holds at most `capacity` signers and starts over when full.
final class JSONWebTokenSignerCache: Sendable {
    static let shared = JSONWebTokenSignerCache(capacity: 1024)

    private let capacity: Int
    private let signers = Mutex<[SHA256.Digest: JSONWebTokenSigner]>([:])

    init(capacity: Int) { self.capacity = capacity }

    func signer(algorithm: JSONWebTokenSigner.Algorithm, key: String) async throws -> JSONWebTokenSigner {
        let digest = SHA256.hash(data: Data((algorithm.rawValue + "\u{0}" + key).utf8))
        if let cached = signers.withLock({ $0[digest] }) { return cached }
        let signer = try await JSONWebTokenSigner(algorithm: algorithm, key: key)
        signers.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[digest] = signer
        }
        return signer
    }
}
