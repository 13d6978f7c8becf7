import Foundation
import HTTPTypes
import LatchkeyCatalog
import LatchkeyModel
import LatchkeyServer
import LatchkeyTestSupport
import Testing

/// The hosted credential page for API keys and other typed-in credentials, verified against a real local upstream.
@Suite(.serialized) struct CredentialPageTests {
    static let goodKey = "good-key-canary-7781"
    static let success = "https://app.example/connected"
    static let failure = "https://app.example/failed"

    static func integration(_ upstream: PythonPeer) -> Integration {
        Integration(
            type: "acme", name: "Acme <CRM>", categories: ["crm"], apiURL: upstream.base + "/{region}", docsURL: "https://acme.example/docs",
            tokenNames: ["API Key", "region"], tokenInstructions: ["Settings → API → New key", "eu or us"],
            auth: IntegrationAuth(
                other: EnteredCredentialSettings(
                    apply: CredentialPlacement(header: ["X-Api-Key": "{API Key}"]), verify: VerificationRequest(path: "/me"))))
    }

    static func withPage(logs: CapturedLogs? = nil, _ body: @Sendable @escaping (ServerUnderTest, PythonPeer) async throws -> Void) async throws {
        guard let upstream = try await PythonPeer.start("upstream/server.py", arguments: ["--header", "X-Api-Key", "--value", goodKey]) else {
            return
        }
        defer { upstream.stop() }
        let port = try freeLoopbackPort()
        try await withServer(logs: logs, port: port, catalog: Catalog(Catalog.builtIn().integrations + [integration(upstream)])) { server in
            try await body(server, upstream)
        }
    }

    /// The page's path, from the authorize endpoint.
    static func pagePath(_ server: ServerUnderTest) async throws -> String {
        let query = "success_redirect=\(success)&failure_redirect=\(failure)&state=caller-state&external_xref=user-3"
        let response = try await server.request(.get, "/unified/integration/auth/\(server.workspaceID)/acme?\(query)", authorization: "")
        try #require(response.status == .ok, "\(response.text)")
        #expect(response.text.hasPrefix(server.baseURL + "/connect/"))
        return String(response.text.dropFirst(server.baseURL.count))
    }

    /// Opens the page as a browser would: its HTML, the CSRF cookie and the form's token.
    static func open(_ server: ServerUnderTest, _ path: String) async throws -> (page: HTTPResult, cookie: String, token: String) {
        let page = try await server.request(.get, path, authorization: "")
        try #require(page.status == .ok, "\(page.text)")
        let setCookie = try #require(page.headers[.setCookie])
        let cookie = try #require(setCookie.split(separator: ";").first.map(String.init))
        let token = try #require(page.text.firstMatch(of: /name="csrf_token" value="([^"]+)"/)?.output.1)
        return (page, cookie, String(token))
    }

    static func submit(_ server: ServerUnderTest, _ path: String, cookie: String?, token: String, values: [String]) async throws -> HTTPResult {
        let fields = [("csrf_token", token)] + values.enumerated().map { ("value_\($0.offset)", $0.element) }
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await server.request(
            .post, path, body: body, authorization: "", contentType: "application/x-www-form-urlencoded",
            headers: cookie.map { ["cookie": $0] } ?? [:])
    }

    static func upstreamRequests(_ upstream: PythonPeer) async throws -> Int {
        let stats = try await httpRequest("GET", upstream.base + "/stats")
        return (try JSONSerialization.jsonObject(with: Data(stats.body.utf8)) as? [String: Any])?["requests"] as? Int ?? -1
    }

    @Test func theFormComesFromTokenNamesAndAVerifiedSubmissionStoresTheConnection() async throws {
        try await Self.withPage { server, upstream in
            let path = try await Self.pagePath(server)
            let (page, cookie, token) = try await Self.open(server, path)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            let setCookie = try #require(page.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=\(path)"))
            #expect(page.text.contains("Connect Acme &lt;CRM&gt;"), "text is HTML-escaped")
            #expect(page.text.contains("<label for=\"value_0\">API Key</label>"))
            #expect(page.text.contains("Settings → API → New key"))
            #expect(page.text.contains("name=\"value_0\" type=\"password\""))
            #expect(page.text.contains("name=\"value_1\" type=\"text\""))
            #expect(!page.text.contains("<script"))

            let done = try await Self.submit(server, path, cookie: cookie, token: token, values: [Self.goodKey, "eu"])
            #expect(done.status == .found, "\(done.text)")
            let landing = try #require(done.headers[.location])
            #expect(landing.hasPrefix(Self.success + "?id="))
            #expect(BrowserHop.query(landing)["state"] == "caller-state")
            let id = try #require(BrowserHop.query(landing)["id"])
            let connection = try #require(try await server.store.connection(id: id, workspaceID: server.workspaceID))
            #expect(connection.auth?.otherAuthInfo == [Self.goodKey, "eu"])
            #expect(connection.externalXref == "user-3")
            #expect(try await Self.upstreamRequests(upstream) == 1)

            let again = try await server.request(.get, path, authorization: "")
            #expect(again.status == .gone)
            let replay = try await Self.submit(server, path, cookie: cookie, token: token, values: [Self.goodKey, "eu"])
            #expect(replay.status == .gone)
            #expect(try await server.connectionCount() == 1)
        }
    }

    @Test func refusedCredentialsShowTheFormAgainWithoutEchoingThem() async throws {
        try await Self.withPage { server, upstream in
            let path = try await Self.pagePath(server)
            let (_, cookie, token) = try await Self.open(server, path)
            let wrong = "wrong-key-canary-5512"
            let refused = try await Self.submit(server, path, cookie: cookie, token: token, values: [wrong, "eu"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("did not accept these credentials (HTTP 401)"))
            #expect(refused.text.contains("invalid credential •••"), "the provider's answer is shown with the value blotted out")
            #expect(!refused.text.contains(wrong))
            #expect(try await server.connectionCount() == 0)
            #expect(try await Self.upstreamRequests(upstream) == 1)

            let (_, freshCookie, freshToken) = try await Self.open(server, path)
            let accepted = try await Self.submit(server, path, cookie: freshCookie, token: freshToken, values: [Self.goodKey, "eu"])
            #expect(accepted.status == .found)
            #expect(try await server.connectionCount() == 1)
        }
    }

    @Test func aSubmissionWithoutTheCSRFCookieOrAValueStoresNothing() async throws {
        try await Self.withPage { server, upstream in
            let path = try await Self.pagePath(server)
            let (_, cookie, token) = try await Self.open(server, path)
            let noCookie = try await Self.submit(server, path, cookie: nil, token: token, values: [Self.goodKey, "eu"])
            #expect(noCookie.status == .forbidden)
            let otherToken = try await Self.submit(server, path, cookie: cookie, token: "forged", values: [Self.goodKey, "eu"])
            #expect(otherToken.status == .forbidden)
            #expect(!otherToken.text.contains(Self.goodKey))
            let missing = try await Self.submit(server, path, cookie: cookie, token: token, values: [Self.goodKey, " "])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("Enter region."))
            #expect(try await Self.upstreamRequests(upstream) == 0)
            #expect(try await server.connectionCount() == 0)
            #expect(try await server.request(.get, "/connect/not-a-state", authorization: "").status == .notFound)
        }
    }

    @Test func importingCredentialsNamesTheMissingTokenName() async throws {
        try await Self.withPage { server, _ in
            let missing = try await server.request(
                .post, "/unified/connection", body: #"{"integration_type": "acme", "auth": {"other_auth_info": ["k"]}}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.error["code"] as? String == "missing_credential")
            #expect(missing.error["field"] as? String == "auth.other_auth_info[1]")
            #expect((missing.error["message"] as? String)?.contains("region") == true)
            let empty = try await server.request(.post, "/unified/connection", body: #"{"integration_type": "acme"}"#)
            #expect(empty.status == .unprocessableContent)
            #expect(try await server.connectionCount() == 0)
            _ = try await server.createConnection(#"{"integration_type": "acme", "auth": {"other_auth_info": ["k", "us"]}}"#)
        }
    }

    @Test func theEnteredKeyNeverReachesTheLogsOrTheDatabaseFiles() async throws {
        let logs = CapturedLogs()
        try await Self.withPage(logs: logs) { server, _ in
            let path = try await Self.pagePath(server)
            let (_, cookie, token) = try await Self.open(server, path)
            _ = try await Self.submit(server, path, cookie: cookie, token: "forged", values: [Self.goodKey, "eu"])
            let done = try await Self.submit(server, path, cookie: cookie, token: token, values: [Self.goodKey, "eu"])
            #expect(done.status == .found)
            for file in try server.directory.files() {
                #expect(file.contents.range(of: Data(Self.goodKey.utf8)) == nil, "\(file.name) holds the key")
            }
            #expect(logs.count > 0)
            #expect(!logs.text.contains(Self.goodKey))
        }
    }
}
