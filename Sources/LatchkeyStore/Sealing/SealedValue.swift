import Crypto
import Foundation

/// A value sealed with AES-256-GCM, written as `v1.<key id>.<base64 of nonce, ciphertext and tag>`.
///
/// The key id travels with the value, so values sealed under older keys stay readable while a
/// rotation re-seals them.
struct SealedValue: Sendable, Hashable {
    let keyID: String
    let box: Data

    private static let prefix = "v1"

    static func seal(_ plaintext: Data, keyID: String, key: SymmetricKey, context: SealingContext) throws -> SealedValue {
        let sealed = try AES.GCM.seal(plaintext, using: key, authenticating: context.authenticatedData(keyID: keyID))
        return SealedValue(keyID: keyID, box: sealed.combined!)
    }

    func open(with key: SymmetricKey, context: SealingContext) throws -> Data {
        do {
            let sealedBox = try AES.GCM.SealedBox(combined: box)
            return try AES.GCM.open(sealedBox, using: key, authenticating: context.authenticatedData(keyID: keyID))
        } catch {
            throw StoreError.unsealFailed("a sealed \(context.purpose) value does not open with key \(keyID): it was altered or belongs elsewhere")
        }
    }

    var text: String { "\(Self.prefix).\(keyID).\(box.base64EncodedString())" }

    init(keyID: String, box: Data) {
        self.keyID = keyID
        self.box = box
    }

    init(text: String) throws {
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.prefix, let box = Data(base64Encoded: String(parts[2])) else {
            throw StoreError.unsupported("a sealed value is not in a format this Latchkey reads")
        }
        self.keyID = String(parts[1])
        self.box = box
    }
}
