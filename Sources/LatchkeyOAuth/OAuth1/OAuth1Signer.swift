import Crypto
import Foundation
import LatchkeyModel
import Synchronization
import _CryptoExtras

/// Signs requests the way OAuth 1.0a (RFC 5849) requires: the protocol parameters, a signature over the
/// normalised request (section 3.4), sent in the `Authorization` header (section 3.5.1).
public struct OAuth1Signer: Sendable {
    /// The signature methods of RFC 5849 section 3.4, plus HMAC-SHA256, which many providers accept.
    public enum SignatureMethod: String, Sendable, Hashable, Codable, CaseIterable {
        case hmacSHA1 = "HMAC-SHA1"
        case hmacSHA256 = "HMAC-SHA256"
        case rsaSHA1 = "RSA-SHA1"
        case plaintext = "PLAINTEXT"
    }

    /// What a request cannot be signed without.
    public enum SigningError: Error, Sendable, Hashable, CustomStringConvertible {
        case invalidURL
        case privateKeyMissing
        case privateKeyUnreadable

        public var description: String {
            switch self {
            case .invalidURL: "the request URL is not an absolute http(s) URL"
            case .privateKeyMissing: "RSA-SHA1 needs a private key in pem"
            case .privateKeyUnreadable: "the pem does not hold an RSA private key of 2048 bits or more"
            }
        }
    }

    public var consumerKey: String
    public var consumerSecret: String { didSet { rekey() } }
    /// The temporary or token credentials, when the request carries them.
    public var token: String?
    public var tokenSecret: String? { didSet { rekey() } }
    public var signatureMethod: SignatureMethod { didSet { rekey() } }
    /// The RSA private key for RSA-SHA1, in PEM.
    public var privateKeyPEM: String?
    public var realm: String?

    public init(
        consumerKey: String, consumerSecret: String, token: String? = nil, tokenSecret: String? = nil,
        signatureMethod: SignatureMethod = .hmacSHA1, privateKeyPEM: String? = nil, realm: String? = nil
    ) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.token = token
        self.tokenSecret = tokenSecret
        self.signatureMethod = signatureMethod
        self.privateKeyPEM = privateKeyPEM
        self.realm = realm
        rekey()
    }

    /// A consumer's signer for an integration's OAuth 1.0a settings: its signature method (HMAC-SHA1 when the entry
    /// names none this signer knows) and realm.
    public init(consumerKey: String, consumerSecret: String, settings: OAuth1Settings) {
        self.init(
            consumerKey: consumerKey, consumerSecret: consumerSecret,
            signatureMethod: SignatureMethod(rawValue: settings.signatureMethod) ?? .hmacSHA1,
            realm: settings.realm)
    }

    /// The signing key (section 3.4.2: both secrets encoded, joined with `&`), and for HMAC methods the keyed HMAC,
    /// made once per signer: a signer kept for a token signs each request without keying again.
    private var signingKey: [UInt8] = []
    private var keyedMAC: KeyedMAC?

    private enum KeyedMAC: Sendable {
        case sha1(HMAC<Insecure.SHA1>)
        case sha256(HMAC<SHA256>)
    }

    private mutating func rekey() {
        var key: [UInt8] = []
        FormEncoding.appendEscaped(consumerSecret.utf8, to: &key)
        key.append(UInt8(ascii: "&"))
        FormEncoding.appendEscaped((tokenSecret ?? "").utf8, to: &key)
        signingKey = key
        keyedMAC =
            switch signatureMethod {
            case .hmacSHA1: .sha1(HMAC(key: SymmetricKey(data: key)))
            case .hmacSHA256: .sha256(HMAC(key: SymmetricKey(data: key)))
            case .rsaSHA1, .plaintext: nil
            }
    }

    /// Adds the `Authorization: OAuth …` header to `request`. `extraParameters` are further protocol parameters
    /// such as `oauth_callback` or `oauth_verifier`; `nonce` and `timestamp` are fixed only by tests.
    public func sign(
        _ request: inout OutgoingRequest, extraParameters: [(String, String)] = [], nonce: String? = nil, timestamp: Int? = nil
    ) throws {
        var parameters: [(String, String)] = [
            ("oauth_consumer_key", consumerKey),
            ("oauth_signature_method", signatureMethod.rawValue),
            ("oauth_timestamp", String(timestamp ?? Int(Date().timeIntervalSince1970))),
            ("oauth_nonce", nonce ?? Self.makeNonce()),
            ("oauth_version", "1.0"),
        ]
        if let token { parameters.append(("oauth_token", token)) }
        parameters += extraParameters
        let signature = try self.signature(for: request, protocolParameters: parameters)
        parameters.append(("oauth_signature", signature))
        var header: [UInt8] = []
        header.reserveCapacity(512)
        header.append(contentsOf: "OAuth ".utf8)
        if let realm { Self.appendField("realm", realm, to: &header) }
        for (name, value) in parameters { Self.appendField(name, value, to: &header) }
        request.headers["authorization"] = String(decoding: header, as: UTF8.self)
    }

    /// `name="value"`, both percent-encoded (section 3.5.1), after a comma unless it is the first field.
    private static func appendField(_ name: String, _ value: String, to header: inout [UInt8]) {
        if header.count > "OAuth ".utf8.count { header.append(contentsOf: ", ".utf8) }
        FormEncoding.appendEscaped(name.utf8, to: &header)
        header.append(contentsOf: "=\"".utf8)
        FormEncoding.appendEscaped(value.utf8, to: &header)
        header.append(UInt8(ascii: "\""))
    }

    /// The `oauth_signature` value of `request` with `protocolParameters` (section 3.4).
    public func signature(for request: OutgoingRequest, protocolParameters: [(String, String)]) throws -> String {
        if signatureMethod == .plaintext { return String(decoding: signingKey, as: UTF8.self) }
        let base = try Self.signatureBase(for: request, protocolParameters: protocolParameters)
        switch keyedMAC {
        case .sha1(var mac):
            mac.update(data: base)
            return Data(mac.finalize()).base64EncodedString()
        case .sha256(var mac):
            mac.update(data: base)
            return Data(mac.finalize()).base64EncodedString()
        case nil:
            guard let privateKeyPEM else { throw SigningError.privateKeyMissing }
            let privateKey: _RSA.Signing.PrivateKey
            do {
                privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
            } catch {
                throw SigningError.privateKeyUnreadable
            }
            let signature = try privateKey.signature(for: Insecure.SHA1.hash(data: base), padding: .insecurePKCS1v1_5)
            return signature.rawRepresentation.base64EncodedString()
        }
    }

    /// The signature base string (section 3.4.1): the method, the base string URI and the normalised parameters
    /// (query, form body and protocol parameters, each encoded, sorted by name then value), each encoded and joined
    /// with `&`.
    public static func signatureBaseString(for request: OutgoingRequest, protocolParameters: [(String, String)]) throws -> String {
        String(decoding: try signatureBase(for: request, protocolParameters: protocolParameters), as: UTF8.self)
    }

    /// The base string as bytes, built byte by byte: signing is on the path of every request to an OAuth 1.0a API.
    static func signatureBase(for request: OutgoingRequest, protocolParameters: [(String, String)]) throws -> [UInt8] {
        guard let target = SignedURL(request.url) else { throw SigningError.invalidURL }
        var parameters = SignatureParameters()
        for (name, value) in protocolParameters where name != "oauth_signature" && name != "realm" {
            parameters.append(name: name.utf8, value: value.utf8)
        }
        if let query = target.query {
            guard parameters.appendForm(query) else { throw SigningError.invalidURL }
        }
        if request.headers["content-type"].map(isFormContentType) == true {
            _ = parameters.appendForm(request.body[...])
        }
        var base: [UInt8] = []
        base.reserveCapacity(request.method.utf8.count + target.baseURI.count * 3 + parameters.bytes.count * 2 + 64)
        if request.method.utf8.allSatisfy({ $0 < UInt8(ascii: "a") || $0 > UInt8(ascii: "z") }) {
            base.append(contentsOf: request.method.utf8)
        } else {
            base.append(contentsOf: request.method.uppercased().utf8)
        }
        base.append(UInt8(ascii: "&"))
        FormEncoding.appendEscaped(target.baseURI, to: &base)
        base.append(UInt8(ascii: "&"))
        parameters.appendNormalized(to: &base)
        return base
    }

    private static func isFormContentType(_ value: String) -> Bool {
        value.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "application/x-www-form-urlencoded"
    }

    /// 24 letters and digits, unique within the process and unpredictable across processes: a counter mixed with a
    /// random per-process seed (SplitMix64), so that signing makes no system call.
    private static func makeNonce() -> String {
        var state = nonceSeed &+ nonceCounter.wrappingAdd(1, ordering: .relaxed).newValue &* 0x9E37_79B9_7F4A_7C15
        var nonce: [UInt8] = []
        nonce.reserveCapacity(24)
        for _ in 0..<3 {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var mixed = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            mixed ^= mixed >> 31
            for _ in 0..<8 {
                nonce.append(nonceAlphabet[Int(mixed % 62)])
                mixed /= 62
            }
        }
        return String(decoding: nonce, as: UTF8.self)
    }

    private static let nonceSeed = UInt64.random(in: .min ... .max)
    private static let nonceCounter = Atomic<UInt64>(0)
    private static let nonceAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
}

/// The parameters a signature covers (section 3.4.1.3), percent-encoded into one buffer, as name and value ranges.
struct SignatureParameters {
    private(set) var bytes: [UInt8] = []
    private var entries: [(nameStart: Int, valueStart: Int, valueEnd: Int)] = []

    init() {
        bytes.reserveCapacity(512)
        entries.reserveCapacity(16)
    }

    mutating func append(name: some Sequence<UInt8>, value: some Sequence<UInt8>) {
        let nameStart = bytes.count
        FormEncoding.appendEscaped(name, to: &bytes)
        let valueStart = bytes.count
        FormEncoding.appendEscaped(value, to: &bytes)
        entries.append((nameStart, valueStart, bytes.count))
    }

    /// Adds the pairs of form-encoded text, each component decoded (`+` as a space) and encoded again the RFC's way;
    /// `false`, adding nothing, for a broken escape.
    mutating func appendForm(_ text: ArraySlice<UInt8>) -> Bool {
        let saved = (bytes: bytes.count, entries: entries.count)
        for part in text.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = part.firstIndex(of: UInt8(ascii: "=")) ?? part.endIndex
            let nameStart = bytes.count
            let valueStart: Int
            if reencode(part[..<equals]) {
                valueStart = bytes.count
                if equals == part.endIndex || reencode(part[(equals + 1)...]) {
                    entries.append((nameStart, valueStart, bytes.count))
                    continue
                }
            }
            bytes.removeLast(bytes.count - saved.bytes)
            entries.removeLast(entries.count - saved.entries)
            return false
        }
        return true
    }

    private mutating func reencode(_ component: ArraySlice<UInt8>) -> Bool {
        var index = component.startIndex
        while index < component.endIndex {
            var byte = component[index]
            if byte == UInt8(ascii: "+") {
                byte = UInt8(ascii: " ")
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < component.endIndex, let high = FormEncoding.hexValue(component[index + 1]),
                    let low = FormEncoding.hexValue(component[index + 2])
                else { return false }
                byte = high << 4 | low
                index += 2
            }
            FormEncoding.appendEscaped(byte: byte, to: &bytes)
            index += 1
        }
        return true
    }

    /// The normalised parameters (sorted by name, then value, as encoded bytes; `name=value` joined with `&`),
    /// percent-encoded once more as the base string wants them.
    func appendNormalized(to base: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            let sorted = entries.sorted { left, right in
                let leftName = buffer[left.nameStart..<left.valueStart]
                let rightName = buffer[right.nameStart..<right.valueStart]
                if leftName.elementsEqual(rightName) {
                    return buffer[left.valueStart..<left.valueEnd].lexicographicallyPrecedes(buffer[right.valueStart..<right.valueEnd])
                }
                return leftName.lexicographicallyPrecedes(rightName)
            }
            for (index, entry) in sorted.enumerated() {
                if index > 0 { base.append(contentsOf: "%26".utf8) }
                FormEncoding.appendEscaped(UnsafeBufferPointer(rebasing: buffer[entry.nameStart..<entry.valueStart]), to: &base)
                base.append(contentsOf: "%3D".utf8)
                FormEncoding.appendEscaped(UnsafeBufferPointer(rebasing: buffer[entry.valueStart..<entry.valueEnd]), to: &base)
            }
        }
    }
}

/// The parts of an absolute http(s) URL that a signature covers, read from its bytes: the base string URI (scheme
/// and host lowercased, default port left out, empty path as `/`) and the raw query. URLs with user information are
/// refused.
struct SignedURL {
    let baseURI: [UInt8]
    let query: ArraySlice<UInt8>?

    init?(_ url: String) {
        let bytes = Array(url.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), bytes[colon...].starts(with: "://".utf8) else { return nil }
        let scheme = bytes[..<colon].map { $0 | 0x20 }
        guard scheme.elementsEqual("http".utf8) || scheme.elementsEqual("https".utf8) else { return nil }
        let authorityStart = colon + 3
        let authorityEnd =
            bytes[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
            ?? bytes.endIndex
        let authority = bytes[authorityStart..<authorityEnd]
        guard !authority.isEmpty, !authority.contains(UInt8(ascii: "@")) else { return nil }
        var host = authority
        var port: Int?
        let hostEnd = authority.first == UInt8(ascii: "[") ? authority.firstIndex(of: UInt8(ascii: "]")).map { $0 + 1 } : nil
        if let portColon = authority[(hostEnd ?? authority.startIndex)...].lastIndex(of: UInt8(ascii: ":")) {
            let digits = authority[(portColon + 1)...]
            guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return nil
            }
            guard let number = Int(String(decoding: digits, as: UTF8.self)), number <= 65_535 else { return nil }
            port = number
            host = authority[..<portColon]
        }
        guard !host.isEmpty else { return nil }
        let isHTTPS = scheme.count == 5
        var base = scheme
        base.append(contentsOf: "://".utf8)
        base.append(contentsOf: host.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 })
        if let port, port != (isHTTPS ? 443 : 80) { base.append(contentsOf: ":\(port)".utf8) }
        let queryMark = bytes[authorityEnd...].firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
        let path = bytes[authorityEnd..<(queryMark ?? bytes.endIndex)]
        base.append(contentsOf: path.isEmpty ? [UInt8(ascii: "/")] : Array(path))
        baseURI = base
        if let queryMark, bytes[queryMark] == UInt8(ascii: "?") {
            query = bytes[(queryMark + 1)..<(bytes[queryMark...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex)]
        } else {
            query = nil
        }
    }
}
