// Measures, on one core, how fast Latchkey signs: OAuth 1.0a HMAC-SHA1 signatures of a typical API request, and
// RS256 app JWTs. Prints one JSON object; bench/signing.sh compares it with oauthlib, PyJWT and OpenSSL.
//   signing-bench SECONDS RSA_PEM_FILE [oauth1|rs256]
import Crypto
import Foundation
import LatchkeyOAuth
import _CryptoExtras

/// Signatures per second over `seconds`, after a warm-up; the checksum keeps the work from being optimised away.
struct SigningBenchmark {
    let seconds: Double

    func oauth1() throws -> Double {
        let signer = OAuth1Signer(
            consumerKey: "xvz1evFS4wEEPTGEFPHBog", consumerSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
            token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", tokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
        var checksum = 0
        let rate = try measure {
            var request = OutgoingRequest(
                method: "GET", url: "https://api.example.com/1.1/statuses/home_timeline.json?count=50&include_entities=true&since_id=12345")
            try signer.sign(&request)
            checksum &+= request.headers["authorization"]?.utf8.count ?? 0
        }
        precondition(checksum > 0)
        return rate
    }

    func rs256(pem: String) async throws -> Double {
        let signer = try await JSONWebTokenSigner(algorithm: .rs256, key: pem)
        var checksum = 0
        for _ in 0..<50 { checksum &+= try await AppTokenGrant.appJWT(appID: "123456", signer: signer, now: Date()).utf8.count }
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        while true {
            for _ in 0..<20 { checksum &+= try await AppTokenGrant.appJWT(appID: "123456", signer: signer, now: Date()).utf8.count }
            count += 20
            if let rate = rate(count, since: start, clock: clock) { return rate }
        }
    }

    /// The RSA signature alone, through swift-crypto (BoringSSL): the floor under any RS256 JWT signed with it.
    func rsaAlone(pem: String) throws -> Double {
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        let digest = SHA256.hash(data: Array("header.payload".utf8))
        var checksum = 0
        let rate = try measure(batch: 20) { checksum &+= try key.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation.count }
        precondition(checksum > 0)
        return rate
    }

    private func measure(batch: Int = 1000, _ body: () throws -> Void) throws -> Double {
        for _ in 0..<batch { try body() }
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        while true {
            for _ in 0..<batch { try body() }
            count += batch
            if let rate = rate(count, since: start, clock: clock) { return rate }
        }
    }

    private func rate(_ count: Int, since start: ContinuousClock.Instant, clock: ContinuousClock) -> Double? {
        let elapsed = start.duration(to: clock.now)
        let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return total >= seconds ? Double(count) / total : nil
    }
}

let arguments = CommandLine.arguments
let benchmark = SigningBenchmark(seconds: Double(arguments.dropFirst().first ?? "5") ?? 5)
let pem = try String(contentsOfFile: arguments[2], encoding: .utf8)
let only = arguments.count > 3 ? arguments[3] : nil
let oauth1 = only == "rs256" ? 0 : try benchmark.oauth1()
let rs256 = only == "oauth1" ? 0 : try await benchmark.rs256(pem: pem)
let rsa = only == "oauth1" ? 0 : try benchmark.rsaAlone(pem: pem)
print(
    #"{"oauth1_hmac_sha1_per_second": \#(Int(oauth1)), "rs256_jwt_per_second": \#(Int(rs256)), "rsa2048_sign_swift_crypto_per_second": \#(Int(rsa))}"#
)
