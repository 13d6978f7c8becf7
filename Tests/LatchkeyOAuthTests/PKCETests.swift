import LatchkeyOAuth
import Testing

@Suite struct PKCETests {
    /// RFC 7636, appendix B.
    @Test func matchesTheRFCExample() {
        let pkce = PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test func randomVerifiersAreLongUnreservedAndDistinct() {
        let verifiers = (0..<100).map { _ in PKCE.random().verifier }
        #expect(Set(verifiers).count == 100)
        for verifier in verifiers {
            #expect((43...128).contains(verifier.count))
            #expect(verifier.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~".contains($0)) })
        }
    }
}

@Suite struct FormEncodingTests {
    @Test func escapesEverythingButUnreserved() {
        #expect(FormEncoding.escape("a b+c&d=e/f?g~h.i_j-k") == "a%20b%2Bc%26d%3De%2Ff%3Fg~h.i_j-k")
        #expect(FormEncoding.escape("é") == "%C3%A9")
        #expect(FormEncoding.encode([("scope", "read write"), ("x", "")]) == "scope=read%20write&x=")
    }

    @Test func decodesPlusAndPercentEscapes() throws {
        let pairs = try #require(FormEncoding.decode("access_token=a%2Bb&scope=read+write&empty=&flag"))
        #expect(pairs.map(\.0) == ["access_token", "scope", "empty", "flag"])
        #expect(pairs.map(\.1) == ["a+b", "read write", "", ""])
        #expect(FormEncoding.decode("a=%zz") == nil)
        #expect(FormEncoding.decode("a=%4") == nil)
    }
}
