import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636) with the S256 method.
public struct PKCE: Sendable, Hashable {
    /// The secret kept server-side with the flow's state and sent with the code exchange.
    public let verifier: String

    /// A fresh verifier: 32 random bytes as base64url, 43 characters.
    public static func random() -> PKCE {
        var generator = SystemRandomNumberGenerator()
        return PKCE(verifier: Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }))
    }

    public init(verifier: String) { self.verifier = verifier }

    /// `BASE64URL(SHA256(verifier))`, sent in the authorize URL.
    public var challenge: String { Base64URL.encode(Array(SHA256.hash(data: Data(verifier.utf8)))) }

    public static let method = "S256"
}

/// Unpadded base64url (RFC 4648 section 5).
public enum Base64URL {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
