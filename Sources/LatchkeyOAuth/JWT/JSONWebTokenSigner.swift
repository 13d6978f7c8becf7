import Foundation
import JWTKit
import LatchkeyModel

/// Signs JSON Web Tokens (RFC 7519) with jwt-kit: RS256 and ES256 from a PEM private key, HS256 from a shared secret.
///
/// Making a signer parses the key once; signing is then cheap and safe from any task.
public struct JSONWebTokenSigner: Sendable {
    public enum Algorithm: String, Sendable, Hashable, Codable, CaseIterable {
        case rs256 = "RS256"
        case es256 = "ES256"
        case hs256 = "HS256"
    }

    /// Why a key cannot sign. Messages never carry the key.
    public enum KeyError: Error, Sendable, Hashable, CustomStringConvertible {
        case unreadable(Algorithm)

        public var description: String {
            switch self {
            case .unreadable(.rs256): "the pem does not hold an RSA private key of 2048 bits or more"
            case .unreadable(.es256): "the pem does not hold a P-256 EC private key"
            case .unreadable(.hs256): "the HS256 secret is shorter than 32 bytes (RFC 7518 section 3.2)"
            }
        }
    }

    public let algorithm: Algorithm
    private let keys: JWTKeyCollection

    /// `key` is a PEM private key for RS256 and ES256, the shared secret (at least 32 bytes) for HS256.
    public init(algorithm: Algorithm, key: String) async throws {
        self.algorithm = algorithm
        let keys = JWTKeyCollection()
        do {
            switch algorithm {
            case .rs256: await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: key), digestAlgorithm: .sha256)
            case .es256: await keys.add(ecdsa: try ES256PrivateKey(pem: key))
            case .hs256:
                guard key.utf8.count >= 32 else { throw KeyError.unreadable(.hs256) }
                await keys.add(hmac: HMACKey(from: key), digestAlgorithm: .sha256)
            }
        } catch {
            throw KeyError.unreadable(algorithm)
        }
        self.keys = keys
    }

    /// A signed token with `claims`; `keyID` goes in the header's `kid`.
    public func sign(_ claims: [String: JSONValue], keyID: String? = nil) async throws -> String {
        var header = JWTHeader()
        header.alg = algorithm.rawValue
        header.typ = "JWT"
        if let keyID { header.kid = keyID }
        return try await keys.sign(Claims(members: claims), header: header)
    }

    /// Claims as any JSON object; Latchkey only signs, so nothing is verified here.
    struct Claims: JWTPayload {
        let members: [String: JSONValue]

        init(members: [String: JSONValue]) { self.members = members }
        init(from decoder: any Decoder) throws { members = try [String: JSONValue](from: decoder) }
        func encode(to encoder: any Encoder) throws { try members.encode(to: encoder) }
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}
