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
