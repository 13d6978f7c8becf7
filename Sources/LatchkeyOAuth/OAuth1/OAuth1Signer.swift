import Crypto
import Foundation
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
    public var consumerSecret: String
    /// The temporary or token credentials, when the request carries them.
    public var token: String?
    public var tokenSecret: String?
    public var signatureMethod: SignatureMethod
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
        var fields = realm.map { ["realm=\"\(FormEncoding.escape($0))\""] } ?? []
        fields += parameters.map { "\(FormEncoding.escape($0.0))=\"\(FormEncoding.escape($0.1))\"" }
        request.headers["authorization"] = "OAuth " + fields.joined(separator: ", ")
    }

    /// The `oauth_signature` value of `request` with `protocolParameters` (section 3.4).
    public func signature(for request: OutgoingRequest, protocolParameters: [(String, String)]) throws -> String {
        let key = FormEncoding.escape(consumerSecret) + "&" + FormEncoding.escape(tokenSecret ?? "")
        if signatureMethod == .plaintext { return key }
        let base = Data(try Self.signatureBaseString(for: request, protocolParameters: protocolParameters).utf8)
        switch signatureMethod {
        case .hmacSHA1:
            return Data(HMAC<Insecure.SHA1>.authenticationCode(for: base, using: SymmetricKey(data: Data(key.utf8)))).base64EncodedString()
        case .hmacSHA256:
            return Data(HMAC<SHA256>.authenticationCode(for: base, using: SymmetricKey(data: Data(key.utf8)))).base64EncodedString()
        case .rsaSHA1:
            guard let privateKeyPEM else { throw SigningError.privateKeyMissing }
            let privateKey: _RSA.Signing.PrivateKey
            do {
                privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
            } catch {
                throw SigningError.privateKeyUnreadable
            }
            let signature = try privateKey.signature(for: Insecure.SHA1.hash(data: base), padding: .insecurePKCS1v1_5)
            return signature.rawRepresentation.base64EncodedString()
        case .plaintext:
            return key
        }
    }

    /// The signature base string (section 3.4.1): the method, the base string URI and the normalised parameters
    /// (query, form body and protocol parameters, each encoded, sorted by name then value), each encoded and joined
    /// with `&`.
    public static func signatureBaseString(for request: OutgoingRequest, protocolParameters: [(String, String)]) throws -> String {
        guard let components = URLComponents(string: request.url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty
        else { throw SigningError.invalidURL }
        var baseURI = scheme + "://" + host
        if let port = components.port, port != (scheme == "http" ? 80 : 443) { baseURI += ":\(port)" }
        baseURI += components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath

        var parameters = protocolParameters.filter { $0.0 != "oauth_signature" && $0.0 != "realm" }
        if let query = components.percentEncodedQuery {
            guard let pairs = FormEncoding.decode(query) else { throw SigningError.invalidURL }
            parameters += pairs
        }
        if request.headers["content-type"].map(Self.isFormContentType) == true,
            let pairs = FormEncoding.decode(String(decoding: request.body, as: UTF8.self))
        {
            parameters += pairs
        }
        let normalized = parameters.map { (FormEncoding.escape($0.0), FormEncoding.escape($0.1)) }
            .sorted { $0.0 == $1.0 ? Array($0.1.utf8).lexicographicallyPrecedes($1.1.utf8) : Array($0.0.utf8).lexicographicallyPrecedes($1.0.utf8) }
            .map { $0.0 + "=" + $0.1 }
            .joined(separator: "&")
        return [request.method.uppercased(), FormEncoding.escape(baseURI), FormEncoding.escape(normalized)].joined(separator: "&")
    }

    private static func isFormContentType(_ value: String) -> Bool {
        value.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "application/x-www-form-urlencoded"
    }

    private static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return String((0..<24).map { _ in digits.randomElement(using: &generator)! })
    }
}
