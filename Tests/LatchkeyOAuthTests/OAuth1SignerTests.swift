import Foundation
import LatchkeyOAuth
import Testing

/// OAuth 1.0a signatures against the examples of RFC 5849 itself.
@Suite struct OAuth1SignerTests {
    /// Section 3.4.1.1: the normalised base string of the section 3.1 request.
    @Test func baseStringOfTheRFCExample() throws {
        let request = OutgoingRequest(
            method: "post", url: "http://EXAMPLE.com:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
            headers: ["content-type": "application/x-www-form-urlencoded"], body: Array("c2&a3=2+q".utf8))
        let base = try OAuth1Signer.signatureBaseString(
            for: request,
            protocolParameters: [
                ("oauth_consumer_key", "9djdj82h48djs9d2"), ("oauth_token", "kkk9d7dh3k39sjv7"), ("oauth_signature_method", "HMAC-SHA1"),
                ("oauth_timestamp", "137131201"), ("oauth_nonce", "7d8f3e4a"), ("realm", "Example"), ("oauth_signature", "ignored"),
            ])
        #expect(
            base
                == "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26"
                + "oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26"
                + "oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7")
    }

    /// Section 1.2: the three requests of the photo-printing example, with their published signatures.
    @Test func signaturesOfTheRFCWalkthrough() throws {
        let consumer = OAuth1Signer(consumerKey: "dpf43f3p2l4k3l03", consumerSecret: "kd94hf93k423kf44")
        let initiate = try consumer.signature(
            for: OutgoingRequest(method: "POST", url: "https://photos.example.net/initiate"),
            protocolParameters: [
                ("oauth_consumer_key", "dpf43f3p2l4k3l03"), ("oauth_signature_method", "HMAC-SHA1"), ("oauth_timestamp", "137131200"),
                ("oauth_nonce", "wIjqoS"), ("oauth_callback", "http://printer.example.com/ready"),
            ])
        #expect(initiate == "74KNZJeDHnMBp0EMJ9ZHt/XKycU=")

        var temporary = consumer
        temporary.token = "hh5s93j4hdidpola"
        temporary.tokenSecret = "hdhd0244k9j7ao03"
        let token = try temporary.signature(
            for: OutgoingRequest(method: "POST", url: "https://photos.example.net/token"),
            protocolParameters: [
                ("oauth_consumer_key", "dpf43f3p2l4k3l03"), ("oauth_token", "hh5s93j4hdidpola"), ("oauth_signature_method", "HMAC-SHA1"),
                ("oauth_timestamp", "137131201"), ("oauth_nonce", "walatlh"), ("oauth_verifier", "hfdp7dh39dks9884"),
            ])
        #expect(token == "gKgrFCywp7rO0OXSjdot/IHF7IU=")

        var access = consumer
        access.token = "nnch734d00sl2jdk"
        access.tokenSecret = "pfkkdhi9sl3r4s00"
        let photos = try access.signature(
            for: OutgoingRequest(method: "GET", url: "http://photos.example.net/photos?file=vacation.jpg&size=original"),
            protocolParameters: [
                ("oauth_consumer_key", "dpf43f3p2l4k3l03"), ("oauth_token", "nnch734d00sl2jdk"), ("oauth_signature_method", "HMAC-SHA1"),
                ("oauth_timestamp", "137131202"), ("oauth_nonce", "chapoH"),
            ])
        #expect(photos == "MdpQcU8iPSUjWoN/UDMsK2sui9I=")
    }

    @Test func plaintextSignatureIsTheEncodedKey() throws {
        let signer = OAuth1Signer(
            consumerKey: "k", consumerSecret: "sec ret&", token: "t", tokenSecret: "tök", signatureMethod: .plaintext)
        #expect(
            try signer.signature(for: OutgoingRequest(method: "GET", url: "https://api.example.com/"), protocolParameters: [])
                == "sec%20ret%26&t%C3%B6k")
    }

    @Test func headerCarriesEveryProtocolParameterEncoded() throws {
        let signer = OAuth1Signer(consumerKey: "key/1", consumerSecret: "s", token: "tok", tokenSecret: "ts", realm: "Photos")
        var request = OutgoingRequest(method: "GET", url: "https://api.example.com/a?b=c")
        try signer.sign(&request, extraParameters: [("oauth_verifier", "v+1")], nonce: "n", timestamp: 42)
        let header = try #require(request.headers["authorization"])
        #expect(header.hasPrefix("OAuth realm=\"Photos\", oauth_consumer_key=\"key%2F1\", oauth_signature_method=\"HMAC-SHA1\""))
        #expect(header.contains("oauth_timestamp=\"42\", oauth_nonce=\"n\", oauth_version=\"1.0\", oauth_token=\"tok\""))
        #expect(header.contains("oauth_verifier=\"v%2B1\", oauth_signature=\""))
    }

    @Test func rsaSignatureNeedsAReadableKey() {
        var request = OutgoingRequest(method: "GET", url: "https://api.example.com/")
        let missing = OAuth1Signer(consumerKey: "k", consumerSecret: "", signatureMethod: .rsaSHA1)
        #expect(throws: OAuth1Signer.SigningError.privateKeyMissing) { try missing.sign(&request) }
        let unreadable = OAuth1Signer(consumerKey: "k", consumerSecret: "", signatureMethod: .rsaSHA1, privateKeyPEM: "not a key")
        #expect(throws: OAuth1Signer.SigningError.privateKeyUnreadable) { try unreadable.sign(&request) }
    }

    @Test(arguments: ["ftp://example.com/", "/relative", "https:///nohost"])
    func refusesURLsThatAreNotHTTP(url: String) {
        var request = OutgoingRequest(method: "GET", url: url)
        #expect(throws: OAuth1Signer.SigningError.invalidURL) { try OAuth1Signer(consumerKey: "k", consumerSecret: "s").sign(&request) }
    }
}

/// The parts of signing that the RFC's examples do not reach.
@Suite struct OAuth1SignerDetailTests {
    static func header(_ request: OutgoingRequest) -> [String: String] {
        let text = request.headers["authorization"]?.dropFirst("OAuth ".count) ?? ""
        return Dictionary(
            text.components(separatedBy: ", ").map { field in
                let parts = field.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), String(parts[1].dropFirst().dropLast()))
            }, uniquingKeysWith: { first, _ in first })
    }

    @Test func noncesAreTwentyFourLettersOrDigitsAndNeverRepeat() throws {
        let signer = OAuth1Signer(consumerKey: "k", consumerSecret: "s")
        var seen = Set<String>()
        for _ in 0..<10_000 {
            var request = OutgoingRequest(method: "GET", url: "https://api.example.com/")
            try signer.sign(&request)
            let nonce = try #require(Self.header(request)["oauth_nonce"])
            #expect(nonce.utf8.count == 24 && nonce.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
            seen.insert(nonce)
        }
        #expect(seen.count == 10_000)
    }

    @Test func changingASecretChangesTheSignature() throws {
        var signer = OAuth1Signer(consumerKey: "k", consumerSecret: "s", token: "t", tokenSecret: "one")
        let request = OutgoingRequest(method: "GET", url: "https://api.example.com/a?b=c")
        let parameters = [("oauth_consumer_key", "k"), ("oauth_nonce", "n"), ("oauth_timestamp", "1")]
        let first = try signer.signature(for: request, protocolParameters: parameters)
        signer.tokenSecret = "two"
        let second = try signer.signature(for: request, protocolParameters: parameters)
        signer.tokenSecret = "one"
        #expect(first != second)
        #expect(try signer.signature(for: request, protocolParameters: parameters) == first)
        signer.signatureMethod = .hmacSHA256
        #expect(try signer.signature(for: request, protocolParameters: parameters).count == 44)
    }

    @Test func aFormBodyWithABrokenEscapeIsLeftOutButABrokenQueryIsRefused() throws {
        let form = ["content-type": "application/x-www-form-urlencoded"]
        let broken = OutgoingRequest(method: "POST", url: "https://api.example.com/a", headers: form, body: Array("a=%zz&b=1".utf8))
        let empty = OutgoingRequest(method: "POST", url: "https://api.example.com/a", headers: form)
        #expect(
            try OAuth1Signer.signatureBaseString(for: broken, protocolParameters: [])
                == OAuth1Signer.signatureBaseString(for: empty, protocolParameters: []))
        let query = OutgoingRequest(method: "GET", url: "https://api.example.com/a?x=%4")
        #expect(throws: OAuth1Signer.SigningError.invalidURL) { try OAuth1Signer.signatureBaseString(for: query, protocolParameters: []) }
    }

    @Test(arguments: [
        ("https://API.Example.COM:443/p", "https://api.example.com/p"), ("http://h:8080", "http://h:8080/"),
        ("https://[::1]:8443/x?y=1#frag", "https://[::1]:8443/x"), ("HTTP://h:80/a%2Fb", "http://h/a%2Fb"),
    ])
    func baseStringURIsAreNormalised(url: String, expected: String) throws {
        let base = try OAuth1Signer.signatureBaseString(for: OutgoingRequest(method: "GET", url: url), protocolParameters: [])
        #expect(base.hasPrefix("GET&" + FormEncoding.escape(expected) + "&"))
    }

    @Test(arguments: ["https://user@host/", "https://host:99999/", "https://host:x/", "https://:443/"])
    func urlsWithUserInformationOrBadPortsAreRefused(url: String) {
        #expect(throws: OAuth1Signer.SigningError.invalidURL) {
            try OAuth1Signer.signatureBaseString(for: OutgoingRequest(method: "GET", url: url), protocolParameters: [])
        }
    }
}
