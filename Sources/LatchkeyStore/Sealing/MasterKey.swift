import Crypto
import Foundation

/// The key that wraps the data keys kept in the database. It never touches the database itself.
///
/// It comes from `LATCHKEY_MASTER_KEY` (base64 of 32 bytes) or, when that is unset, from the file
/// `master.key` in the data directory, created with mode 0600 on first start.
public struct MasterKey: Sendable {
    let key: SymmetricKey
    /// Where the key came from, for messages: never the key itself.
    public let origin: String

    public static let environmentVariable = "LATCHKEY_MASTER_KEY"
    public static let fileName = "master.key"

    /// A master key from its base64 text.
    public init(base64: String, origin: String) throws {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw StoreError.invalidConfiguration("\(origin) must hold the base64 of exactly 32 bytes (try: openssl rand -base64 32)")
        }
        self.key = SymmetricKey(data: bytes)
        self.origin = origin
    }

    /// A fresh random key, for tests and first starts.
    public static func random(origin: String = "a random key") -> MasterKey {
        try! MasterKey(base64: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }, origin: origin)
    }

    /// The key from the environment, else from the data directory's key file, created there when missing.
    public static func load(environment: [String: String], dataDirectory: String) throws -> MasterKey {
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try MasterKey(base64: fromEnvironment, origin: environmentVariable)
        }
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        if let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) {
            return try MasterKey(base64: text, origin: path)
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fresh = random(origin: path)
        let text = fresh.key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.invalidConfiguration("cannot create the key file \(path)")
        }
        return fresh
    }
}
