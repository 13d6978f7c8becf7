import Foundation
import Hummingbird
import LatchkeyServer
import LatchkeyTestSupport
import Testing

/// Every bad input gets a JSON error with the right status, a stable code and the field named; nothing is stored.
@Suite struct ErrorResponseTests {
    struct BadBody: Sendable, CustomTestStringConvertible {
        let body: String
        let status: Int
        let code: String
        let field: String?
        var testDescription: String { "\(code) \(field ?? "-")" }
    }

    static let badBodies: [BadBody] = [
        BadBody(body: #"{"integration_type": "x",,}"#, status: 400, code: "malformed_json", field: nil),
        BadBody(body: "", status: 400, code: "malformed_json", field: nil),
        BadBody(body: #"{"integration_type": "github",}"#, status: 400, code: "malformed_json", field: nil),
        BadBody(body: "\u{FEFF}{\"integration_type\": \"github\"}", status: 400, code: "malformed_json", field: nil),
        BadBody(body: #"{"integration_type": "github", "integration_type": "x"}"#, status: 400, code: "duplicate_field", field: "integration_type"),
        BadBody(
            body: #"{"integration_type": "github", "auth": {"access_token": "a", "access_token": "b"}}"#, status: 400, code: "duplicate_field",
            field: "auth.access_token"),
        BadBody(
            body: #"{"integration_type": "github", "auth": {"meta": {"a": 1, "a": 2}}}"#, status: 400, code: "duplicate_field", field: "auth.meta"),
        BadBody(
            body: #"{"integration_type": "github", "auth": {"meta": {"k\u0000": 1, "k\u0000": 2}}}"#, status: 400, code: "duplicate_field",
            field: "auth.meta"),
        BadBody(
            body: #"{"integration_type": "github", "auth": {"meta": "# + String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
                + "}}",
            status: 400, code: "json_too_deep", field: nil),
        BadBody(body: #"["integration_type"]"#, status: 400, code: "invalid_body", field: nil),
        BadBody(body: #""hello""#, status: 400, code: "invalid_body", field: nil),
        BadBody(body: #"{"integration_type": 5}"#, status: 400, code: "invalid_type", field: "integration_type"),
        BadBody(body: #"{"integration_type": "x", "categories": "crm"}"#, status: 400, code: "invalid_type", field: "categories"),
        BadBody(body: #"{"integration_type": "x", "categories": ["crm", 7]}"#, status: 400, code: "invalid_type", field: "categories[1]"),
        BadBody(body: #"{"integration_type": "x", "auth": "token"}"#, status: 400, code: "invalid_type", field: "auth"),
        BadBody(body: #"{"integration_type": "x", "auth": {"expires_in": true}}"#, status: 400, code: "invalid_type", field: "auth.expires_in"),
        BadBody(body: #"{"integration_type": "x", "auth": {"expires_in": "soon"}}"#, status: 400, code: "invalid_value", field: "auth.expires_in"),
        BadBody(
            body: #"{"integration_type": "x", "auth": {"expiry_date": "tomorrow"}}"#, status: 400, code: "invalid_value", field: "auth.expiry_date"),
        BadBody(body: #"{"integration_type": "x", "auth": {"emails": [1]}}"#, status: 400, code: "invalid_type", field: "auth.emails[0]"),
        BadBody(body: #"{"integration_type": "x", "auth": {"meta": []}}"#, status: 400, code: "invalid_type", field: "auth.meta"),
        BadBody(
            body: #"{"integration_type": "x", "is_paused": "yes", "auth": {"access_token": 1}}"#, status: 400, code: "invalid_type",
            field: "auth.access_token"),
        BadBody(body: #"{"categories": ["crm"]}"#, status: 422, code: "invalid_field", field: "integration_type"),
        BadBody(body: #"{"integration_type": "nope"}"#, status: 422, code: "unknown_integration", field: "integration_type"),
        BadBody(body: #"{"integration_type": "git\u0000hub"}"#, status: 422, code: "unknown_integration", field: "integration_type"),
        BadBody(body: #"{"integration_type": ""}"#, status: 422, code: "invalid_field", field: "integration_type"),
        BadBody(body: #"{"integration_type": "x", "auth": {"token_url": "not a url"}}"#, status: 422, code: "invalid_field", field: "auth.token_url"),
        BadBody(body: #"{"integration_type": "x", "auth": {"expires_in": -1}}"#, status: 422, code: "invalid_field", field: "auth.expires_in"),
        BadBody(body: #"{"integration_type": "x", "environment": ""}"#, status: 422, code: "invalid_field", field: "environment"),
    ]

    @Test(arguments: badBodies)
    func createRejectsBadBodies(bad: BadBody) async throws {
        try await withServer { server in
            let response = try await server.request(.post, "/unified/connection", body: bad.body)
            #expect(response.status.code == bad.status, "\(response.text)")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(response.error["code"] as? String == bad.code)
            #expect(response.error["field"] as? String == bad.field)
            #expect(response.error["status"] as? Int == bad.status)
            #expect((response.error["message"] as? String)?.isEmpty == false)
            #expect(try await server.connectionCount() == 0)
        }
    }

    @Test(arguments: badBodies.filter { $0.field != "integration_type" || $0.status == 400 || $0.code == "unknown_integration" })
    func patchAndPutRejectBadBodiesAndChangeNothing(bad: BadBody) async throws {
        try await withServer { server in
            let id = try await server.createConnection(sdkStyleConnection)
            let before = try await server.request(.get, "/unified/connection/\(id)").text
            for method in ["PATCH", "PUT"] {
                let response = try await server.request(.init(method)!, "/unified/connection/\(id)", body: bad.body)
                #expect((400...422).contains(response.status.code), "\(method) \(response.text)")
                #expect(response.error["code"] != nil)
            }
            #expect(try await server.request(.get, "/unified/connection/\(id)").text == before)
        }
    }

    @Test func aBodyOverTheLimitIs413AndStoresNothing() async throws {
        try await withServer(maxBodySize: 4096) { server in
            let big = #"{"integration_type": "x", "auth": {"pem": ""# + String(repeating: "A", count: 8192) + #""}}"#
            let response = try await server.request(.post, "/unified/connection", body: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.error["code"] as? String == "body_too_large")
            #expect(try await server.connectionCount() == 0)
        }
    }

    @Test(arguments: [
        ("limit=abc", 400, "limit"), ("limit=1.5", 400, "limit"), ("limit=0", 422, "limit"), ("limit=5000", 422, "limit"),
        ("offset=-1", 422, "offset"), ("sort=price", 422, "sort"), ("order=sideways", 422, "order"), ("updated_gte=yesterday", 400, "updated_gte"),
    ])
    func listRejectsBadParameters(query: String, status: Int, field: String) async throws {
        try await withServer { server in
            let response = try await server.request(.get, "/unified/connection?\(query)")
            #expect(response.status.code == status)
            #expect(response.error["field"] as? String == field)
            #expect(response.error["code"] as? String == "invalid_parameter")
        }
    }

    @Test func unknownRoutesAndMethodsAnswerJSON() async throws {
        try await withServer { server in
            let unknown = try await server.request(.get, "/unified/nothing")
            #expect(unknown.status == .notFound)
            #expect(unknown.error["code"] as? String == "not_found")
            let head = try await server.request(.head, "/health", authorization: "")
            #expect(head.status == .ok && head.body.readableBytes == 0)
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.post, "/health", "GET, HEAD"), (.trace, "/connect/0123456789abcdef", "GET, HEAD, POST"),
                (.options, "/unified/connection", "GET, HEAD, POST"), (.trace, "/unified/connection/abc", "GET, HEAD, PUT, PATCH, DELETE"),
                (HTTPRequest.Method("PROPFIND")!, "/unified/connection", "GET, HEAD, POST"),
                (HTTPRequest.Method("CONNECT")!, "/metrics", "GET, HEAD"),
                (.trace, "/passthrough/abc/any/path", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
            ]
            for (method, path, allow) in cases {
                let response = try await server.request(method, path)
                #expect(response.status == .methodNotAllowed, "\(method) \(path): \(response.text)")
                if method.rawValue != "CONNECT" {  // an HTTP client reads no body after a CONNECT
                    #expect(response.error["code"] as? String == "method_not_allowed", "\(method) \(path): \(response.text)")
                }
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
                #expect(!response.text.contains("0123456789abcdef") && !response.text.contains("abc/"))
            }
            let unknownPath = try await server.request(HTTPRequest.Method("PROPFIND")!, "/nowhere")
            #expect(unknownPath.status == .notFound)
        }
    }

    /// No part of a request's path, query or body comes back in an error, or goes into a log line at info or above.
    @Test(arguments: [true, false]) func errorsAndLogsNeverCopyTheRequest(relayed: Bool) async throws {
        let logs = CapturedLogs()
        let echo = "echo-7f3a9c"
        let relay: (inout ServerConfiguration) -> Void = { $0.passthroughRelay = relayed }
        try await withServer(logs: logs, configure: relay) { server in
            let workspace = server.workspaceID
            let requests: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/unified/connection/\(echo)", nil), (.patch, "/unified/connection/\(echo)", "{}"),
                (.put, "/unified/connection/\(echo)", #"{"integration_type": "github"}"#), (.delete, "/unified/connection/\(echo)", nil),
                (.post, "/unified/connection/\(echo)/refresh", nil), (.get, "/unified/\(echo)", nil), (.get, "/\(echo)", nil),
                (.get, "/unified/integration/workspace/\(echo)", nil), (.get, "/unified/integration/workspace/\(workspace)/\(echo)", nil),
                (.put, "/unified/integration/workspace/\(workspace)/\(echo)", #"{"client_id": "a", "client_secret": "b"}"#),
                (.get, "/unified/integration/auth/\(echo)/github", nil), (.get, "/unified/integration/auth/\(workspace)/\(echo)", nil),
                (.get, "/unified/integration/auth/\(workspace)/github?connection_id=\(echo)", nil),
                (.get, "/unified/integration/auth/\(workspace)/github?success_redirect=\(echo)", nil),
                (.get, "/unified/integration/auth/\(workspace)/github?auth_kind=\(echo)", nil),
                (.trace, "/connect/\(echo)", nil), (.get, "/connect/\(echo)", nil), (.post, "/connect/\(echo)", "a=b"),
                (.get, "/oauth/callback?state=\(echo)&code=\(echo)", nil), (.get, "/oauth/callback?error=\(echo)", nil),
                (.get, "/passthrough/\(echo)/user?q=\(echo)", nil), (.post, "/passthrough/\(echo)/user", "{}"),
                (HTTPRequest.Method("PROPFIND")!, "/unified/connection/\(echo)", nil),
                (.get, "/unified/connection?sort=\(echo)", nil), (.get, "/unified/connection?limit=\(echo)", nil),
                (.get, "/unified/connection?updated_gte=\(echo)", nil),
                (.post, "/unified/connection", #"{"integration_type": "\#(echo)"}"#),
                (.post, "/unified/connection", #"{"integration_type": "github", "\#(echo)": 1, "\#(echo)": 2}"#),
                (.post, "/unified/connection", #"{"integration_type": "github", "auth": {"expires_in": "\#(echo)"}}"#),
                (.post, "/unified/connection", #"{"integration_type": "github", "auth": {"token_url": "\#(echo)"}}"#),
            ]
            for (method, path, body) in requests {
                let form = body == "a=b"
                let response = try await server.request(
                    method, path, body: body, contentType: form ? "application/x-www-form-urlencoded" : "application/json")
                #expect(response.status.code >= 400, "\(method) \(path)")
                #expect(!response.text.contains(echo), "\(method) \(path): \(response.text)")
                for (name, value) in response.headers.map({ ($0.name, $0.value) }) {
                    #expect(!value.contains(echo), "\(method) \(path): \(name)")
                }
            }
        }
        let loud = logs.text.split(separator: "\n").filter { !$0.hasPrefix("trace ") && !$0.hasPrefix("debug ") }
        #expect(!loud.isEmpty)
        for line in loud { #expect(!line.contains(echo), "\(line)") }
    }

    /// A secret inside a rejected body never comes back in the error.
    @Test func errorsNeverEchoSecrets() async throws {
        try await withServer { server in
            let secret = "canary-secret-9d2f"
            let bodies = [
                #"{"integration_type": "x", "auth": {"access_token": "\#(secret)", "expires_in": "\#(secret)"}}"#,
                #"{"integration_type": "x", "auth": {"client_secret": "\#(secret)", "token_url": "\#(secret)"}}"#,
                #"{"integration_type": "\#(secret) x", "auth": {"refresh_token": "\#(secret)"}}"#,
                #"{"integration_type": "x", "auth": {"expiry_date": "\#(secret)"}}"#,
                #"{"integration_type": "x", "auth": {"pem": "\#(secret)"#,
            ]
            for body in bodies {
                let response = try await server.request(.post, "/unified/connection", body: body)
                #expect((400...422).contains(response.status.code))
                #expect(!response.text.contains(secret), "\(response.text)")
            }
        }
    }

    /// Bytes that are not HTTP, and a head larger than the decoder reads, are refused in JSON like every other bad
    /// request, with the relay in front of the router or not; the refused head is not echoed. An upstream's own
    /// bodiless 400 before them is passed on as it came.
    @Test(arguments: [true, false]) func undecodableRequestsGetJSONErrors(relayed: Bool) async throws {
        try await PassthroughTests.withUpstream(configure: PersistentConnectionTests.relay(relayed)) { server, _ in
            let garbage = try await RawHTTP.send(port: server.port, "NOT HTTP AT ALL\r\n\r\n", untilClosed: true)
            #expect(garbage.status == 400, "\(garbage.text)")
            #expect(Self.error(in: garbage)?["code"] as? String == "malformed_request", "\(garbage.text)")

            let secret = "canary-" + String(repeating: "h", count: 90_000)
            let head = "GET /unified/connection HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\nX-Big: \(secret)\r\n\r\n"
            let tooLarge = try await RawHTTP.send(port: server.port, head, untilClosed: true)
            #expect(tooLarge.status == 431, "\(tooLarge.text.prefix(500))")
            #expect(tooLarge.text.lowercased().contains("content-type: application/json"))
            #expect(Self.error(in: tooLarge)?["code"] as? String == "headers_too_large", "\(tooLarge.text.prefix(500))")
            #expect(!tooLarge.text.contains("canary-") && !tooLarge.text.contains(server.apiKey))

            let id = try await PassthroughTests.connection(server)
            let empty = "GET /passthrough/\(id)/empty/400 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(server.apiKey)\r\n"
            let both = try await RawHTTP.send(port: server.port, empty + "\r\nNOT HTTP AT ALL\r\n\r\n", untilClosed: true)
            let answers = both.text.components(separatedBy: "HTTP/1.1 400").dropFirst()
            #expect(answers.count == 2, "\(both.text)")
            let upstreams = answers.first?.lowercased() ?? ""
            #expect(upstreams.contains("\r\ncontent-length: 0\r\n") && upstreams.hasSuffix("\r\n\r\n"), "the upstream's answer: \(both.text)")
            #expect(answers.last?.contains("malformed_request") == true, "\(both.text)")
            let closing = try await RawHTTP.send(port: server.port, empty + "Connection: close\r\n\r\nNOT HTTP AT ALL\r\n\r\n", untilClosed: true)
            #expect(closing.status == 400 && !closing.text.contains("malformed_request"), "nothing after it is read: \(closing.text)")
        }
    }

    /// The `error` object of a raw answer's JSON body.
    static func error(in answer: RawHTTP.Answer) -> [String: Any]? {
        guard let start = answer.text.range(of: "\r\n\r\n")?.upperBound,
            let object = try? JSONSerialization.jsonObject(with: Data(answer.text[start...].utf8)) as? [String: Any]
        else { return nil }
        return object["error"] as? [String: Any]
    }
}
